using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Conformance;

/// <summary>Every Spark-written table in golden/INDEX.md and dat/INDEX.md, checked at the log level.</summary>
public sealed class LogConformanceTests
{
    public static TheoryData<string> ReadableTables => GoldenTables.Names(GoldenTables.Readable.Select(t => t.Table));

    public static TheoryData<string> ErrorTables => GoldenTables.Names(GoldenTables.MustError.Select(t => t.Table));

    public static TheoryData<string> RefusedTables => GoldenTables.Names(GoldenTables.MustRefuseRead.Select(t => t.Table));

    [SkippableTheory]
    [MemberData(nameof(ReadableTables))]
    public async Task Latest_snapshot_matches_the_documented_version_files_schema_and_protocol(string table)
    {
        var expected = GoldenTables.Readable.Single(t => t.Table == table);
        var snapshot = await (await Open(table)).GetSnapshotAsync();

        Assert.Equal(expected.Version, snapshot.Version);
        if (expected.Files is { } files)
        {
            Assert.Equal(files, snapshot.Files.Count);
        }

        if (expected.Columns is { } columns)
        {
            Assert.Equal(columns, snapshot.Schema.Fields.Select(f => f.Name));
        }

        Assert.Equal(expected.PartitionColumns, snapshot.PartitionColumns);
        Assert.Equal(expected.Protocol, $"{snapshot.Protocol.MinReaderVersion}/{snapshot.Protocol.MinWriterVersion}");
        Assert.All(snapshot.Files, f => Assert.Equal(expected.PartitionColumns.Order(), f.PartitionValues.Keys.Order()));
    }

    [SkippableTheory]
    [MemberData(nameof(ErrorTables))]
    public async Task Broken_logs_fail_with_the_documented_message(string table)
    {
        var message = GoldenTables.MustError.Single(t => t.Table == table).Message;
        var error = await Assert.ThrowsAnyAsync<DeltaException>(async () => await (await Open(table)).GetSnapshotAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(RefusedTables))]
    public async Task Tables_needing_unsupported_reader_features_are_refused_naming_the_feature(string table)
    {
        var feature = GoldenTables.MustRefuseRead.Single(t => t.Table == table).Feature;
        var error = await Assert.ThrowsAsync<DeltaProtocolException>(async () => await (await Open(table)).GetSnapshotAsync());
        Assert.Contains(feature, error.Feature, StringComparison.Ordinal);
        Assert.Contains(feature, error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_table_with_an_unsupported_writer_feature_is_readable_but_refuses_commits()
    {
        var (table, feature) = GoldenTables.MustRefuseWrite[0];
        using var copy = GoldenCopy.Of(table);
        var delta = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        var transaction = await delta.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<DeltaProtocolException>(() => transaction.CommitAsync("WRITE"));
        Assert.Contains(feature, error.Feature, StringComparison.Ordinal);
        Assert.Equal(2, (await delta.GetSnapshotAsync()).Version);
    }

    [SkippableFact]
    public async Task A_folder_without_a_delta_log_is_not_a_table()
    {
        var path = SharedFolder.Require("delta", "golden", "no-delta-log-folder");
        await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => DeltaTable.OpenAsync(new LocalDeltaStorage(path)));
        Assert.False(await DeltaTable.ExistsAsync(new LocalDeltaStorage(path)));
    }

    [SkippableFact]
    public async Task The_latest_txn_version_is_kept_per_app_id()
    {
        var snapshot = await (await Open("golden/deltalog-getChanges")).GetSnapshotAsync();
        Assert.Equal(3, snapshot.GetAppTransactionVersion("fakeAppId"));
        Assert.Null(snapshot.GetAppTransactionVersion("someOtherAppId"));
    }

    [SkippableFact]
    public async Task A_file_re_added_after_its_removal_is_live_with_the_new_add()
    {
        var snapshot = await (await Open("golden/delete-re-add-same-file-different-transactions")).GetSnapshotAsync();
        Assert.Equal(["bar", "foo"], snapshot.Files.Select(f => f.Path).Order());
        Assert.Equal(1700000000000, snapshot.Files.Single(f => f.Path == "foo").ModificationTime);
    }

    [SkippableFact]
    public async Task Special_characters_in_paths_are_uri_decoded_once()
    {
        var snapshot = await (await Open("golden/log-replay-special-characters-b")).GetSnapshotAsync();
        Assert.Equal("special p@#h", DeltaSnapshot.GetStoragePath(snapshot.Files.Single()));
    }

    [SkippableFact]
    public async Task Partition_values_keep_nulls_and_the_literal_string_null()
    {
        var snapshot = await (await Open("golden/data-reader-partition-values")).GetSnapshotAsync();
        Assert.Single(snapshot.Files, f => f.PartitionValues["as_int"] is null);
        Assert.Equal(2, snapshot.Files.Count(f => f.PartitionValues["as_string_lit_null"] == "null"));
        Assert.Contains(snapshot.Files, f => DeltaSnapshot.GetStoragePath(f).Contains("as_timestamp=2021-09-08 11%3A11%3A11/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task An_overwrite_leaves_tombstones_for_every_earlier_file()
    {
        var snapshot = await (await Open("golden/snapshot-data2")).GetSnapshotAsync();
        Assert.Equal(4, snapshot.Tombstones.Count);
        Assert.All(snapshot.Tombstones, t => Assert.True(t.DataChange));
    }

    [SkippableFact]
    public async Task A_checkpoint_carries_tombstones_and_metadata_into_the_snapshot()
    {
        var snapshot = await (await Open("golden/basic-with-inserts-deletes-checkpoint")).GetSnapshotAsync();
        Assert.NotEmpty(snapshot.Tombstones);
        Assert.Equal("id", Assert.Single(snapshot.Schema.Fields).Name);
        Assert.All(snapshot.Files, f => Assert.Contains("numRecords", f.Stats, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Time_travel_by_version_reads_older_schemas_and_partitioning()
    {
        var table = await Open("golden/time-travel-partition-changes-b");
        var v0 = await table.GetSnapshotAsync(0);
        Assert.Equal(["part5"], v0.PartitionColumns);
        Assert.Equal(10, v0.Files.Count);
        var schemaTable = await Open("golden/time-travel-schema-changes-b");
        Assert.Equal(["id"], (await schemaTable.GetSnapshotAsync(0)).Schema.Fields.Select(f => f.Name));
        Assert.Equal(["id", "part"], (await schemaTable.GetSnapshotAsync(1)).Schema.Fields.Select(f => f.Name));
    }

    [SkippableFact]
    public async Task Dat_versions_match_their_expected_version_metadata()
    {
        foreach (var name in new[] { "basic_append", "basic_partitioned", "multi_partitioned", "with_schema_change" })
        {
            var root = SharedFolder.Require("delta", "dat", "out", "reader_tests", "generated", name);
            var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(Path.Combine(root, "delta")));
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "expected")))
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "table_version_metadata.json")));
                var version = document.RootElement.GetProperty("version").GetInt64();
                var snapshot = await table.GetSnapshotAsync(Path.GetFileName(dir) == "latest" ? null : version);
                Assert.Equal(version, snapshot.Version);
                Assert.Equal(document.RootElement.GetProperty("min_reader_version").GetInt32(), snapshot.Protocol.MinReaderVersion);
                Assert.Equal(document.RootElement.GetProperty("min_writer_version").GetInt32(), snapshot.Protocol.MinWriterVersion);
            }
        }
    }

    [SkippableFact]
    public async Task Multi_part_removes_without_null_keys_keep_their_partition_values()
    {
        var table = await Open("dat/out/reader_tests/generated/multi_partitioned/delta");
        var v1 = await table.GetSnapshotAsync(1);
        Assert.Contains(v1.Files, f => f.PartitionValues["letter"] is null && f.PartitionValues["date"] is null);
        var latest = await table.GetSnapshotAsync();
        Assert.Contains(latest.Files, f => f.PartitionValues["letter"] == "/%20%f" && DeltaSnapshot.GetStoragePath(f).StartsWith("letter=%2F%2520%25f/", StringComparison.Ordinal));
        Assert.Contains(latest.Files, f => f.PartitionValues["data"] == "😈");
    }

    internal static Task<DeltaTable> Open(string table) =>
        DeltaTable.OpenAsync(new LocalDeltaStorage(SharedFolder.Require(["delta", .. table.Split('/')])));
}
