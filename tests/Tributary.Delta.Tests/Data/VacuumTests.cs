using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>VACUUM after MERGE rewrote files: what it lists, what it deletes, and that the table still reads right.</summary>
public sealed class VacuumTests
{
    private static readonly StructType TableSchema = new(
        new StructField("region", PrimitiveType.String),
        new StructField("year", PrimitiveType.Integer),
        new StructField("id", PrimitiveType.Long),
        new StructField("value", PrimitiveType.String));

    private static readonly string[] Regions = ["eu west", "x/y%z:1", "plain"];

    [Theory]
    [InlineData(null)]
    [InlineData("2")]
    [InlineData("3")]
    public async Task Forced_zero_retention_deletes_the_files_a_merge_rewrote(string? checkpointInterval)
    {
        using var fixture = new TableFixture();
        var configuration = checkpointInterval is null ? null : new Dictionary<string, string> { ["delta.checkpointInterval"] = checkpointInterval };
        var writer = await fixture.CreateAsync(TableSchema, ["region", "year"], configuration);
        await writer.AppendAsync(Rows(0, 12, "old"));
        var merged = await writer.MergeAsync(Rows(0, 2, "new"), new DeltaMergeOptions { KeyColumns = ["region", "year", "id"] });
        await writer.AppendAsync(Rows(100, 3, "later"));
        Assert.Equal(2, merged.FilesRemoved);
        if (checkpointInterval is not null)
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(fixture.Path, "_delta_log"), "*.checkpoint.parquet"));
        }

        // A fresh handle, as the CLI opens it: the snapshot comes from the checkpoint when there is one.
        var table = await DeltaTable.OpenAsync(fixture.Storage);
        var rewritten = (await table.GetSnapshotAsync()).Tombstones.Select(t => DeltaPaths.Decode(t.Path)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, rewritten.Count);
        Assert.All(rewritten, path => Assert.True(File.Exists(Path.Combine(fixture.Path, path)), path));
        var expected = await Read(table);

        var dry = await table.VacuumAsync(TimeSpan.Zero, dryRun: true, force: true);
        Assert.Equal(rewritten, dry.Files.Order(StringComparer.Ordinal));
        Assert.All(rewritten, path => Assert.True(File.Exists(Path.Combine(fixture.Path, path)), path));

        var done = await table.VacuumAsync(TimeSpan.Zero, force: true);

        Assert.Equal(rewritten, done.Files.Order(StringComparer.Ordinal));
        Assert.All(rewritten, path => Assert.False(File.Exists(Path.Combine(fixture.Path, path)), path));
        Assert.Contains(rewritten, path => path.Contains('/', StringComparison.Ordinal));
        var reopened = await DeltaTable.OpenAsync(fixture.Storage);
        Assert.Equal(expected, await Read(reopened));
        Assert.Contains("eu west|2024|0|new", expected);
        Assert.Contains("x/y%z:1|2024|1|new", expected);
        Assert.Equal(15, expected.Count);
        Assert.Empty((await reopened.VacuumAsync(TimeSpan.Zero, dryRun: true, force: true)).Files);
    }

    private static DeltaBatch Rows(int from, int count, string value) =>
        DeltaBatch.FromRows(TableSchema, Enumerable.Range(from, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["region"] = Regions[i % Regions.Length],
            ["year"] = 2024,
            ["id"] = (long)i,
            ["value"] = value,
        }).ToList());

    private static async Task<List<string>> Read(DeltaTable table) =>
        RowText.Of(await (await table.GetSnapshotAsync()).ReadAllAsync(), "region", "year", "id", "value");
}
