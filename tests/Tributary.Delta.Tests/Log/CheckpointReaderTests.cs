using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Tributary.Delta.Internal;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Log;

public sealed class CheckpointReaderTests
{
    [SkippableFact]
    public async Task The_column_reader_and_the_row_reader_agree_on_every_golden_checkpoint()
    {
        var golden = SharedFolder.Require("delta", "golden");
        var checkpoints = Directory.EnumerateFiles(golden, "*.checkpoint*.parquet", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Contains('-', StringComparison.Ordinal))
            .ToList();
        Assert.True(checkpoints.Count >= 12);
        foreach (var path in checkpoints)
        {
            var storage = new LocalDeltaStorage(Path.GetDirectoryName(path)!);
            var file = new DeltaFileInfo(Path.GetFileName(path), new FileInfo(path).Length, default);
            var byColumns = new CommitActions(false);
            var byRows = new CommitActions(false);
            Assert.True(await CheckpointColumnReader.TryReadAsync(storage, file, byColumns, CancellationToken.None));
            await CheckpointReader.ReadRowsAsync(storage, file, byRows, CancellationToken.None);

            Assert.Equal(Describe(byRows), Describe(byColumns));
        }
    }

    [Fact]
    public async Task A_checkpoint_with_only_stats_parsed_gets_json_stats()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        await TestTables.AppendAsync(table, TestTables.Add("a"));
        var snapshot = await table.GetSnapshotAsync();
        var schema = new ParquetSchema(
            new StructField("add",
                new DataField("path", typeof(string), true),
                new MapField("partitionValues", new DataField("key", typeof(string), false), new DataField("value", typeof(string), true)),
                new DataField("size", typeof(long), true),
                new DataField("modificationTime", typeof(long), true),
                new DataField("dataChange", typeof(bool), true),
                new StructField("stats_parsed", new DataField("numRecords", typeof(long), true), new StructField("minValues", new DataField("id", typeof(long), true)))),
            new StructField("metaData", new DataField("id", typeof(string), true), new DataField("schemaString", typeof(string), true)),
            new StructField("protocol", new DataField("minReaderVersion", typeof(int), true), new DataField("minWriterVersion", typeof(int), true)));
        var rows = new List<IDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["protocol"] = new Dictionary<string, object?> { ["minReaderVersion"] = 1, ["minWriterVersion"] = 2 } },
            new Dictionary<string, object?> { ["metaData"] = new Dictionary<string, object?> { ["id"] = snapshot.Metadata.Id, ["schemaString"] = snapshot.Metadata.SchemaString } },
            new Dictionary<string, object?>
            {
                ["add"] = new Dictionary<string, object?>
                {
                    ["path"] = "part=a/x.parquet",
                    ["partitionValues"] = new Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> { ["part".AsMemory()] = "a".AsMemory() },
                    ["size"] = 5L,
                    ["modificationTime"] = 6L,
                    ["dataChange"] = false,
                    ["stats_parsed"] = new Dictionary<string, object?> { ["numRecords"] = 3L, ["minValues"] = new Dictionary<string, object?> { ["id"] = 7L } },
                },
            },
        };
        await using (var stream = File.Create(dir.Combine("_delta_log", "00000000000000000001.checkpoint.parquet")))
        {
            await ParquetSerializer.SerializeUntypedAsync(rows, schema, stream);
        }

        File.Delete(dir.Combine("_delta_log", $"{0:D20}.json"));
        File.Delete(dir.Combine("_delta_log", $"{1:D20}.json"));
        var loaded = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path))).GetSnapshotAsync();
        var add = Assert.Single(loaded.Files);
        Assert.Equal("{\"numRecords\":3,\"minValues\":{\"id\":7}}", add.Stats);
        Assert.Equal("a", add.PartitionValues["part"]);
    }

    private static string Describe(CommitActions actions) => string.Join('\n', new[]
        {
            $"protocol {actions.Protocol?.MinReaderVersion}/{actions.Protocol?.MinWriterVersion} [{string.Join(',', actions.Protocol?.ReaderFeatures ?? [])}] [{string.Join(',', actions.Protocol?.WriterFeatures ?? [])}]",
            $"metadata {actions.Metadata?.Id} {actions.Metadata?.SchemaString} [{string.Join(',', actions.Metadata?.PartitionColumns ?? [])}] {string.Join(',', (actions.Metadata?.Configuration ?? new Dictionary<string, string>()).Select(p => $"{p.Key}={p.Value}"))} {actions.Metadata?.CreatedTime} {actions.Metadata?.FormatProvider}",
        }
        .Concat(actions.Adds.Select(a => $"add {a.Path} {string.Join(',', a.PartitionValues.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value ?? "<null>"}"))} {a.Size} {a.ModificationTime} {a.DataChange} {a.Stats} {a.Tags?.Count}"))
        .Concat(actions.Removes.Select(r => $"remove {r.Path} {r.DeletionTimestamp} {r.DataChange} {r.ExtendedFileMetadata} {r.Size} {string.Join(',', (r.PartitionValues ?? new Dictionary<string, string?>()).OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value ?? "<null>"}"))}"))
        .Concat(actions.Transactions.Select(t => $"txn {t.AppId} {t.Version} {t.LastUpdated}")));
}
