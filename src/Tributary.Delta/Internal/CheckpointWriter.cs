using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>
/// Writes a classic checkpoint <c>N.checkpoint.parquet</c> in Spark's checkpoint schema (PROTOCOL-NOTES §7): one
/// action per row (protocol, metaData, txn, live adds, unexpired tombstones, domain metadata), each row with exactly
/// one non-null top-level struct; stats as JSON only, which is legal for writer version 2. Then <c>_last_checkpoint</c>.
/// </summary>
internal static class CheckpointWriter
{
    private static readonly ParquetSchema TableSchema = BuildSchema();

    public static async Task WriteAsync(DeltaSnapshot snapshot, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var expiry = timeProvider.GetUtcNow() - TableProperties.DeletedFileRetention(snapshot.Configuration);
        var expiryMillis = expiry.ToUnixTimeMilliseconds();
        var rows = new List<IDictionary<string, object?>>(snapshot.Files.Count + 8)
        {
            Row("protocol", Protocol(snapshot.Protocol)),
            Row("metaData", Metadata(snapshot.Metadata)),
        };
        foreach (var txn in snapshot.AppTransactions.Values)
        {
            rows.Add(Row("txn", new Dictionary<string, object?> { ["appId"] = txn.AppId, ["version"] = txn.Version, ["lastUpdated"] = txn.LastUpdated }));
        }

        foreach (var domain in snapshot.Domains.Values.Where(d => !d.Removed))
        {
            rows.Add(Row("domainMetadata", new Dictionary<string, object?> { ["domain"] = domain.Domain, ["configuration"] = domain.Configuration, ["removed"] = false }));
        }

        foreach (var remove in snapshot.Tombstones)
        {
            if ((remove.DeletionTimestamp ?? 0) > expiryMillis)
            {
                rows.Add(Row("remove", Remove(remove)));
            }
        }

        foreach (var add in snapshot.Files)
        {
            rows.Add(Row("add", Add(add)));
        }

        var path = LogPaths.Checkpoint(snapshot.Version);
        // Serialise fully before touching storage, so a failure never publishes a partial checkpoint.
        using var content = new MemoryStream();
        await ParquetSerializer.SerializeUntypedAsync(rows, TableSchema, content, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var size = content.Length;
        content.Position = 0;
        await StorageWrites.WriteAsync(snapshot.Storage, path, content.CopyToAsync, cancellationToken).ConfigureAwait(false);

        await LastCheckpoint.WriteAsync(snapshot.Storage, snapshot.Version, rows.Count, size, snapshot.Files.Count, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, object?> Row(string action, Dictionary<string, object?> value) => new() { [action] = value };

    private static Dictionary<string, object?> Protocol(ProtocolAction protocol) => new()
    {
        ["minReaderVersion"] = protocol.MinReaderVersion,
        ["minWriterVersion"] = protocol.MinWriterVersion,
        ["readerFeatures"] = StringList(protocol.ReaderFeatures),
        ["writerFeatures"] = StringList(protocol.WriterFeatures),
    };

    private static Dictionary<string, object?> Metadata(MetadataAction metadata) => new()
    {
        ["id"] = metadata.Id,
        ["name"] = metadata.Name,
        ["description"] = metadata.Description,
        ["format"] = new Dictionary<string, object?>
        {
            ["provider"] = metadata.FormatProvider,
            ["options"] = StringMap(metadata.FormatOptions ?? new Dictionary<string, string>()),
        },
        ["schemaString"] = metadata.SchemaString,
        ["partitionColumns"] = StringList(metadata.PartitionColumns),
        ["configuration"] = StringMap(metadata.Configuration),
        ["createdTime"] = metadata.CreatedTime,
    };

    private static Dictionary<string, object?> Add(AddFile add) => new()
    {
        ["path"] = add.Path,
        ["partitionValues"] = NullableMap(add.PartitionValues),
        ["size"] = add.Size,
        ["modificationTime"] = add.ModificationTime,
        ["dataChange"] = add.DataChange,
        ["tags"] = add.Tags is null ? null : StringMap(add.Tags),
        ["stats"] = add.Stats,
    };

    private static Dictionary<string, object?> Remove(RemoveFile remove) => new()
    {
        ["path"] = remove.Path,
        ["deletionTimestamp"] = remove.DeletionTimestamp,
        ["dataChange"] = remove.DataChange,
        ["extendedFileMetadata"] = remove.ExtendedFileMetadata,
        ["partitionValues"] = remove.PartitionValues is null ? null : NullableMap(remove.PartitionValues),
        ["size"] = remove.Size,
    };

    private static List<ReadOnlyMemory<char>?>? StringList(IReadOnlyList<string>? values) =>
        values?.Select(v => (ReadOnlyMemory<char>?)v.AsMemory()).ToList();

    // The untyped serializer takes string maps as ReadOnlyMemory<char> keys and values.
    private static Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> StringMap(IReadOnlyDictionary<string, string> map) =>
        map.ToDictionary(p => p.Key.AsMemory(), p => (ReadOnlyMemory<char>?)p.Value.AsMemory());

    private static Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> NullableMap(IReadOnlyDictionary<string, string?> map) =>
        map.ToDictionary(p => p.Key.AsMemory(), p => p.Value is null ? null : (ReadOnlyMemory<char>?)p.Value.AsMemory());

    private static ParquetSchema BuildSchema()
    {
        static DataField Text(string name) => new(name, typeof(string), isNullable: true);
        static DataField Long(string name) => new(name, typeof(long), isNullable: true);
        static DataField Int(string name) => new(name, typeof(int), isNullable: true);
        static DataField Bool(string name) => new(name, typeof(bool), isNullable: true);
        static MapField StringMap(string name) => new(name, new DataField("key", typeof(string), isNullable: false), Text("value"));
        static ListField StringList(string name) => new(name, Text("element"));

        return new ParquetSchema(
            new StructField("txn", Text("appId"), Long("version"), Long("lastUpdated")),
            new StructField(
                "add",
                Text("path"),
                StringMap("partitionValues"),
                Long("size"),
                Long("modificationTime"),
                Bool("dataChange"),
                StringMap("tags"),
                Text("stats")),
            new StructField(
                "remove",
                Text("path"),
                Long("deletionTimestamp"),
                Bool("dataChange"),
                Bool("extendedFileMetadata"),
                StringMap("partitionValues"),
                Long("size")),
            new StructField(
                "metaData",
                Text("id"),
                Text("name"),
                Text("description"),
                new StructField("format", Text("provider"), StringMap("options")),
                Text("schemaString"),
                StringList("partitionColumns"),
                StringMap("configuration"),
                Long("createdTime")),
            new StructField("protocol", Int("minReaderVersion"), Int("minWriterVersion"), StringList("readerFeatures"), StringList("writerFeatures")),
            new StructField("domainMetadata", Text("domain"), Text("configuration"), Bool("removed")));
    }
}
