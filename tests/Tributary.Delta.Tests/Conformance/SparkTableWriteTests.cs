using Tributary.Delta.Actions;
using Tributary.Delta.Tests.Log;

namespace Tributary.Delta.Tests.Conformance;

/// <summary>Checkpoints and commits written by this library on top of Spark-written tables.</summary>
public sealed class SparkTableWriteTests
{
    public static TheoryData<string> Tables => GoldenTables.Names(
    [
        "golden/snapshot-data3",
        "golden/data-reader-partition-values",
        "golden/data-reader-escaped-chars",
        "golden/basic-with-inserts-deletes-checkpoint",
        "golden/deltalog-getChanges",
        "golden/log-replay-latest-metadata-protocol",
        "dat/out/reader_tests/generated/multi_partitioned/delta",
    ]);

    [SkippableTheory]
    [MemberData(nameof(Tables))]
    public async Task Our_checkpoint_of_a_spark_table_rebuilds_the_same_snapshot(string name)
    {
        using var copy = GoldenCopy.Of(name);
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        var expected = await table.GetSnapshotAsync();
        Assert.Equal(expected.Version, await table.CheckpointAsync());
        foreach (var commit in Directory.GetFiles(copy.Combine("_delta_log"), "*.json"))
        {
            File.Delete(commit);
        }

        var actual = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path))).GetSnapshotAsync();
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Protocol.MinReaderVersion, actual.Protocol.MinReaderVersion);
        Assert.Equal(expected.Protocol.WriterFeatures ?? [], actual.Protocol.WriterFeatures ?? []);
        Assert.Equal(expected.Metadata.SchemaString, actual.Metadata.SchemaString);
        Assert.Equal(expected.PartitionColumns, actual.PartitionColumns);
        Assert.Equal(expected.Configuration, actual.Configuration);
        Assert.Equal(Files(expected), Files(actual));
        Assert.Equal(expected.AppTransactions.Values.Select(t => (t.AppId, t.Version)), actual.AppTransactions.Values.Select(t => (t.AppId, t.Version)));
    }

    [SkippableFact]
    public async Task A_reader_3_writer_7_table_with_append_only_and_invariants_features_accepts_appends()
    {
        using var copy = GoldenCopy.Of("golden/log-replay-latest-metadata-protocol");
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        var transaction = await table.BeginTransactionAsync();
        transaction.Add(new AddFile("part-new.parquet", new Dictionary<string, string?>(), 10, 1, true));
        var result = await transaction.CommitAsync("WRITE");
        Assert.Equal(3, result.Version);
        Assert.Equal(5, (await table.GetSnapshotAsync()).Files.Count);
        LogLineValidator.ValidateCommit(await File.ReadAllBytesAsync(copy.Combine("_delta_log", $"{3:D20}.json")), [], "3.json");
    }

    private static List<string> Files(DeltaSnapshot snapshot) =>
        [.. snapshot.Files
            .Select(f => $"{f.Path}|{string.Join(',', f.PartitionValues.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value ?? "<null>"}"))}|{f.Size}|{f.ModificationTime}|{f.DataChange}|{f.Stats}")
            .Order(StringComparer.Ordinal)];
}
