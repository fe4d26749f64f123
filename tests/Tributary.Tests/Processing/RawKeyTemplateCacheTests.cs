using System.Text;
using Tributary.Processing;

namespace Tributary.Tests.Processing;

/// <summary>Folders are cached by the values' bytes as written; the cache must never hand one record another's folder.</summary>
public sealed class RawKeyTemplateCacheTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 5, 1, 23, 59, 59, TimeSpan.Zero);

    private static string Expand(RawKeyTemplate template, string json, DateTimeOffset arrival) => template.Expand(Encoding.UTF8.GetBytes(json), arrival);

    [Fact]
    public void Values_that_differ_in_bytes_kind_or_day_get_their_own_folder_and_repeats_get_the_same_one()
    {
        var template = new RawKeyTemplate("raw/r={a.r}/s={a.s}/d={arrival:yyyy-MM-dd}/");

        var first = Expand(template, """{"a":{"r":"Asia","s":1}}""", Day1);
        Assert.Equal("raw/r=Asia/s=1/d=2024-05-01/", first);
        Assert.Same(first, Expand(template, """{"a":{"s":1,"r":"Asia","x":[1,2]}}""", Day1.AddSeconds(-5)));
        Assert.Equal("raw/r=Asia/s=1/d=2024-05-02/", Expand(template, """{"a":{"r":"Asia","s":1}}""", Day1.AddSeconds(1)));
        Assert.Equal("raw/r=Asia/s=12/d=2024-05-01/", Expand(template, """{"a":{"r":"Asia","s":12}}""", Day1));
        Assert.Equal("raw/r=Asia1/s=2/d=2024-05-01/", Expand(template, """{"a":{"r":"Asia1","s":2}}""", Day1));
        Assert.Equal("raw/r=Asia/s=12/d=2024-05-01/", Expand(template, """{"a":{"r":"Asia","s":"12"}}""", Day1));
        Assert.Equal("raw/r=__HIVE_DEFAULT_PARTITION__/s=1/d=2024-05-01/", Expand(template, """{"a":{"r":null,"s":1}}""", Day1));
        Assert.Equal("raw/r=__HIVE_DEFAULT_PARTITION__/s=1/d=2024-05-01/", Expand(template, """{"a":{"s":1}}""", Day1));
        Assert.Equal("raw/r=__HIVE_DEFAULT_PARTITION__/s=1/d=2024-05-01/", Expand(template, """{"a":{"r":"","s":1}}""", Day1));
        Assert.Equal("raw/r=A%2Fsia/s=1/d=2024-05-01/", Expand(template, """{"a":{"r":"A\/sia","s":1}}""", Day1));
        Assert.Equal("raw/r=A%2Fsia/s=1/d=2024-05-01/", Expand(template, """{"a":{"r":"A/sia","s":1}}""", Day1));
        Assert.Equal("raw/r=%7B%22b%22%3A1}/s=1/d=2024-05-01/", Expand(template, """{"a":{"r":{"b":1},"s":1}}""", Day1));
    }

    [Fact]
    public void Values_too_long_for_the_cache_key_still_expand_and_short_ones_after_them_still_hit()
    {
        var template = new RawKeyTemplate("raw/r={a.r}/");
        var big = new string('y', 5000);

        var first = Expand(template, $$$"""{"pad":"{{{big}}}","a":{"r":"{{{big}}}"}}""", Day1);
        Assert.StartsWith("raw/r=" + new string('y', 100) + "~", first, StringComparison.Ordinal);
        Assert.Equal(first, Expand(template, $$$"""{"a":{"r":"{{{big}}}"}}""", Day1));
        Assert.Equal("raw/r=Asia/", Expand(template, $$$"""{"pad":"{{{big}}}","a":{"r":"Asia"}}""", Day1));
        Assert.Same(Expand(template, """{"a":{"r":"Asia"}}""", Day1), Expand(template, """{"a":{"r":"Asia"}}""", Day1));
    }
}
