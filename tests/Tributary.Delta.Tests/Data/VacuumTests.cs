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

    [Fact]
    public async Task A_real_vacuum_records_start_and_end_commits_with_delta_metrics_and_a_dry_run_commits_nothing()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["region"]);
        await table.AppendAsync(Rows(0, 6, "old"));
        await table.OverwriteAsync(Rows(0, 3, "new"));
        var removed = (await table.GetSnapshotAsync()).Tombstones.ToList();
        var removedBytes = removed.Sum(r => r.Size!.Value);

        var dry = await table.VacuumAsync(TimeSpan.Zero, dryRun: true, force: true);
        Assert.Equal(2, (await table.GetSnapshotAsync()).Version);
        Assert.Null(dry.StartVersion);
        Assert.Equal(removedBytes, dry.Bytes);

        var done = await table.VacuumAsync(TimeSpan.FromHours(0), force: true);

        Assert.Equal(3, done.StartVersion);
        Assert.Equal(4, done.EndVersion);
        Assert.Equal(removed.Count, done.Files.Count);
        // The root and one folder per region written: "eu west", "x/y%z:1" (escaped) and "plain".
        Assert.Equal(4, done.Directories);
        var history = await table.GetHistoryAsync();
        var start = history.Single(h => h.Version == 3);
        var end = history.Single(h => h.Version == 4);
        Assert.Equal("VACUUM START", start.Operation);
        Assert.Equal("false", start.OperationParameters["retentionCheckEnabled"].GetString());
        Assert.Equal("0", start.OperationParameters["specifiedRetentionMillis"].GetString());
        Assert.Equal("604800000", start.OperationParameters["defaultRetentionMillis"].GetString());
        Assert.Equal(removed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), start.OperationMetrics["numFilesToDelete"].GetString());
        Assert.Equal(removedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), start.OperationMetrics["sizeOfDataToDelete"].GetString());
        Assert.Equal("VACUUM END", end.Operation);
        Assert.Equal("COMPLETED", end.OperationParameters["status"].GetString());
        Assert.Equal(removed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), end.OperationMetrics["numDeletedFiles"].GetString());
        Assert.Equal("4", end.OperationMetrics["numVacuumedDirectories"].GetString());
        // The event commits hold commitInfo only: the table is unchanged.
        Assert.Equal(["commitInfo"], LogActions(fixture.Path, 3));
        Assert.Equal(["commitInfo"], LogActions(fixture.Path, 4));
        Assert.Equal(3, (await Read(table)).Count);
    }

    [Fact]
    public async Task A_default_retention_vacuum_records_no_specified_retention_and_keeps_recent_tombstones()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, [], new Dictionary<string, string> { ["delta.deletedFileRetentionDuration"] = "interval 2 hours" });
        await table.AppendAsync(Rows(0, 2, "old"));
        await table.OverwriteAsync(Rows(0, 2, "new"));

        var done = await table.VacuumAsync();

        Assert.Empty(done.Files);
        var start = (await table.GetHistoryAsync()).Single(h => h.Operation == "VACUUM START");
        Assert.Equal("true", start.OperationParameters["retentionCheckEnabled"].GetString());
        Assert.False(start.OperationParameters.ContainsKey("specifiedRetentionMillis"));
        Assert.Equal("7200000", start.OperationParameters["defaultRetentionMillis"].GetString());
        Assert.Equal("0", start.OperationMetrics["numFilesToDelete"].GetString());
        Assert.Equal("1", (await table.GetHistoryAsync()).Single(h => h.Operation == "VACUUM END").OperationMetrics["numVacuumedDirectories"].GetString());
    }

    [Fact]
    public async Task A_table_listing_vacuumProtocolCheck_is_refused_naming_the_unsupported_writer_feature()
    {
        using var fixture = new TableFixture();
        var created = await fixture.CreateAsync(TableSchema);
        await created.AppendAsync(Rows(0, 2, "v"));
        WriteProtocol(fixture.Path, 2, """{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["vacuumProtocolCheck"],"writerFeatures":["vacuumProtocolCheck","changeDataFeed"]}""");
        var table = await DeltaTable.OpenAsync(fixture.Storage);
        Assert.Equal(2, (await Read(table)).Count);

        var dry = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.VacuumAsync(dryRun: true));
        var real = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.VacuumAsync());

        Assert.Equal("changeDataFeed", dry.Feature);
        Assert.Contains("vacuumProtocolCheck", dry.Message, StringComparison.Ordinal);
        Assert.Contains("changeDataFeed", real.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await table.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task Without_vacuumProtocolCheck_a_dry_run_only_needs_to_read_and_a_real_run_needs_to_write()
    {
        using var fixture = new TableFixture();
        var created = await fixture.CreateAsync(TableSchema);
        await created.AppendAsync(Rows(0, 2, "v"));
        WriteProtocol(fixture.Path, 2, """{"minReaderVersion":1,"minWriterVersion":4}""");
        var table = await DeltaTable.OpenAsync(fixture.Storage);

        Assert.Empty((await table.VacuumAsync(dryRun: true)).Files);
        var real = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.VacuumAsync());

        Assert.Equal("changeDataFeed", real.Feature);
        Assert.Equal(2, (await table.GetSnapshotAsync()).Version);
    }

    [SkippableFact]
    public async Task The_golden_vacuumProtocolCheck_table_vacuums_because_its_writer_features_are_supported()
    {
        using var copy = Conformance.GoldenCopy.Of("golden/basic-with-vacuum-protocol-check-feature");
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));

        var done = await table.VacuumAsync(TimeSpan.Zero, force: true);

        Assert.Empty(done.Files);
        Assert.Equal(2, done.StartVersion);
        Assert.Equal("VACUUM END", (await table.GetHistoryAsync(1)).Single().Operation);
        Assert.Equal(100, (await (await table.GetSnapshotAsync()).ReadAllAsync()).RowCount);
    }

    [Fact]
    public async Task Vacuum_removes_the_partition_folders_it_emptied_on_a_local_table()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["region", "year"]);
        await table.AppendAsync(Rows(0, 6, "old"));
        var before = Directory.GetDirectories(fixture.Path, "*", SearchOption.AllDirectories).Length;
        Assert.Equal(7, before);
        // Only "eu west" rows are left; the other two regions' folders now hold only removed files.
        await table.OverwriteAsync(Rows(0, 1, "new"));
        var plain = Directory.GetDirectories(fixture.Path, "region=plain").Single();
        await File.WriteAllTextAsync(Path.Combine(plain, ".keep"), "not a Delta file");

        var done = await table.VacuumAsync(TimeSpan.Zero, force: true);

        Assert.Equal(3, done.Files.Count);
        var left = Directory.GetDirectories(fixture.Path, "*", SearchOption.AllDirectories)
            .Select(d => System.IO.Path.GetRelativePath(fixture.Path, d).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        // "region=plain" keeps the file VACUUM does not own; its emptied year folder and the whole other region are gone.
        Assert.Equal(["_delta_log", "region=eu west", "region=eu west/year=2024", "region=plain"], left);
        Assert.Equal(["0|new"], (await Read(table)).Select(r => string.Join('|', r.Split('|')[2..])));
    }

    private static DeltaBatch Rows(int from, int count, string value) =>
        DeltaBatch.FromRows(TableSchema, Enumerable.Range(from, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["region"] = Regions[i % Regions.Length],
            ["year"] = 2024,
            ["id"] = (long)i,
            ["value"] = value,
        }).ToList());

    private static void WriteProtocol(string tablePath, long version, string protocol) =>
        File.WriteAllText(
            Path.Combine(tablePath, "_delta_log", $"{version:D20}.json"),
            """{"commitInfo":{"timestamp":1,"operation":"SET TBLPROPERTIES"}}""" + "\n{\"protocol\":" + protocol + "}\n");

    private static List<string> LogActions(string tablePath, long version) =>
        File.ReadAllLines(Path.Combine(tablePath, "_delta_log", $"{version:D20}.json"))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.EnumerateObject().Single().Name)
            .ToList();

    private static async Task<List<string>> Read(DeltaTable table) =>
        RowText.Of(await (await table.GetSnapshotAsync()).ReadAllAsync(), "region", "year", "id", "value");
}
