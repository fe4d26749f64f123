using System.Text.Json;
using Tributary.Flatten;

namespace Tributary.Tests.Flatten;

/// <summary>
/// The flatsplode rule suite: the library's own test cases, the worked examples and every quirk, each as
/// input → expected rows, in order, with the values exactly as written.
/// </summary>
public sealed class FlatsplodeGoldenTests
{
    private static readonly Lazy<JsonDocument> _golden = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Flatten", "Golden", "flatsplode.json"))));

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var golden in _golden.Value.RootElement.EnumerateArray())
        {
            names.Add(golden.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Compat_mode_reproduces_flatsplode(string name)
    {
        var golden = _golden.Value.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var options = FlattenOptions.Compat with { Separator = golden.GetProperty("separator").GetString()! };

        var actual = RowJson.FlattenToJson(golden.GetProperty("input").GetRawText(), options);

        Assert.Equal(RowJson.Normalize(golden.GetProperty("expected")), actual);
    }
}
