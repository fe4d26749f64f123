using System.Globalization;
using Parquet;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>
/// The fast path for checkpoints: reads the action columns one by one and rebuilds the actions row by row.
/// Returns false (so the row reader is used) for checkpoints that only carry <c>stats_parsed</c>.
/// </summary>
internal static class CheckpointColumnReader
{
    public static async Task<bool> TryReadAsync(IDeltaStorage storage, DeltaFileInfo file, IActionVisitor visitor, CancellationToken cancellationToken)
    {
        // One sequential read, then Parquet's many small seeks and reads hit memory instead of async file I/O.
        using var stream = new MemoryStream(await SnapshotLoader.ReadAsync(storage, file.Path, cancellationToken).ConfigureAwait(false), writable: false);
        await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        var paths = reader.Schema.GetDataFields().Select(f => f.Path.ToString()).ToHashSet(StringComparer.Ordinal);
        if (!paths.Contains("add/stats") && paths.Any(p => p.StartsWith("add/stats_parsed/", StringComparison.Ordinal)))
        {
            return false;
        }

        for (var i = 0; i < reader.RowGroupCount; i++)
        {
            await ReadRowGroupAsync(new CheckpointColumns(reader, i), visitor, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task ReadRowGroupAsync(CheckpointColumns c, IActionVisitor visitor, CancellationToken ct)
    {
        // Read one column per action first, and the rest of an action's columns only if some row holds it.
        var addPath = await c.ReadTextAsync("add/path", ct).ConfigureAwait(false);
        var removePath = await c.ReadTextAsync("remove/path", ct).ConfigureAwait(false);
        var metaId = await c.ReadTextAsync("metaData/id", ct).ConfigureAwait(false);
        var readerVersion = await c.ReadLongAsync("protocol/minReaderVersion", ct).ConfigureAwait(false);
        var txnApp = await c.ReadTextAsync("txn/appId", ct).ConfigureAwait(false);
        var domainName = await c.ReadTextAsync("domainMetadata/domain", ct).ConfigureAwait(false);
        var columns = new Reads(c, ct);

        var hasAdd = addPath.AnyStruct();
        var addPartitions = await columns.MapAsync(hasAdd, "add/partitionValues").ConfigureAwait(false);
        var addSize = await columns.LongAsync(hasAdd, "add/size").ConfigureAwait(false);
        var addTime = await columns.LongAsync(hasAdd, "add/modificationTime").ConfigureAwait(false);
        var addChange = await columns.BoolAsync(hasAdd, "add/dataChange").ConfigureAwait(false);
        var addStats = await columns.TextAsync(hasAdd, "add/stats").ConfigureAwait(false);
        var addTags = await columns.MapAsync(hasAdd, "add/tags").ConfigureAwait(false);
        var addDv = await DeletionVectorsAsync(c, hasAdd, "add", ct).ConfigureAwait(false);

        var hasRemove = removePath.AnyStruct();
        var removeTime = await columns.LongAsync(hasRemove, "remove/deletionTimestamp").ConfigureAwait(false);
        var removeChange = await columns.BoolAsync(hasRemove, "remove/dataChange").ConfigureAwait(false);
        var removeExtended = await columns.BoolAsync(hasRemove, "remove/extendedFileMetadata").ConfigureAwait(false);
        var removePartitions = await columns.MapAsync(hasRemove, "remove/partitionValues").ConfigureAwait(false);
        var removeSize = await columns.LongAsync(hasRemove, "remove/size").ConfigureAwait(false);
        var removeDv = await DeletionVectorsAsync(c, hasRemove, "remove", ct).ConfigureAwait(false);

        var hasMetadata = metaId.AnyStruct();
        var metaName = await columns.TextAsync(hasMetadata, "metaData/name").ConfigureAwait(false);
        var metaDescription = await columns.TextAsync(hasMetadata, "metaData/description").ConfigureAwait(false);
        var metaProvider = await columns.TextAsync(hasMetadata, "metaData/format/provider").ConfigureAwait(false);
        var metaOptions = await columns.MapAsync(hasMetadata, "metaData/format/options").ConfigureAwait(false);
        var metaSchema = await columns.TextAsync(hasMetadata, "metaData/schemaString").ConfigureAwait(false);
        var metaPartitions = await columns.ListAsync(hasMetadata, "metaData/partitionColumns/list/element").ConfigureAwait(false);
        var metaConfiguration = await columns.MapAsync(hasMetadata, "metaData/configuration").ConfigureAwait(false);
        var metaCreated = await columns.LongAsync(hasMetadata, "metaData/createdTime").ConfigureAwait(false);

        var hasProtocol = readerVersion.AnyStruct();
        var writerVersion = await columns.LongAsync(hasProtocol, "protocol/minWriterVersion").ConfigureAwait(false);
        var readerFeatures = await columns.ListAsync(hasProtocol, "protocol/readerFeatures/list/element").ConfigureAwait(false);
        var writerFeatures = await columns.ListAsync(hasProtocol, "protocol/writerFeatures/list/element").ConfigureAwait(false);

        var hasTxn = txnApp.AnyStruct();
        var txnVersion = await columns.LongAsync(hasTxn, "txn/version").ConfigureAwait(false);
        var txnUpdated = await columns.LongAsync(hasTxn, "txn/lastUpdated").ConfigureAwait(false);

        var hasDomain = domainName.AnyStruct();
        var domainConfiguration = await columns.TextAsync(hasDomain, "domainMetadata/configuration").ConfigureAwait(false);
        var domainRemoved = await columns.BoolAsync(hasDomain, "domainMetadata/removed").ConfigureAwait(false);

        for (var row = 0; row < c.RowCount; row++)
        {
            if (addPath.HasValue(row))
            {
                visitor.OnAdd(
                    new AddFile(
                        addPath.Get(row)!,
                        NullableMap(addPartitions, row) ?? [],
                        addSize.Get(row),
                        addTime.Get(row),
                        addChange.Get(row),
                        addStats.Get(row),
                        Map(addTags, row)),
                    addDv[row]);
            }

            if (removePath.HasValue(row))
            {
                visitor.OnRemove(
                    new RemoveFile(
                        removePath.Get(row)!,
                        removeTime.HasValue(row) ? removeTime.Get(row) : null,
                        removeChange.Get(row),
                        removeExtended.HasValue(row) ? removeExtended.Get(row) : null,
                        NullableMap(removePartitions, row),
                        removeSize.HasValue(row) ? removeSize.Get(row) : null),
                    removeDv[row]);
            }

            if (metaId.StructPresent(row))
            {
                visitor.OnMetadata(new MetadataAction(
                    metaId.Get(row) ?? string.Empty,
                    metaSchema.Get(row) ?? string.Empty,
                    [.. (metaPartitions[row] ?? []).Select(p => p ?? string.Empty)],
                    Map(metaConfiguration, row) ?? [],
                    metaCreated.HasValue(row) ? metaCreated.Get(row) : null,
                    metaName.Get(row),
                    metaDescription.Get(row),
                    metaProvider.Get(row) ?? "parquet",
                    Map(metaOptions, row)));
            }

            if (readerVersion.StructPresent(row))
            {
                visitor.OnProtocol(new ProtocolAction(
                    (int)readerVersion.Get(row),
                    (int)writerVersion.Get(row),
                    readerFeatures[row]?.Select(f => f ?? string.Empty).ToList(),
                    writerFeatures[row]?.Select(f => f ?? string.Empty).ToList()));
            }

            if (txnApp.HasValue(row))
            {
                visitor.OnTransaction(new TransactionAction(txnApp.Get(row)!, txnVersion.Get(row), txnUpdated.HasValue(row) ? txnUpdated.Get(row) : null));
            }

            if (domainName.HasValue(row))
            {
                visitor.OnDomainMetadata(new DomainMetadata(domainName.Get(row)!, domainConfiguration.Get(row) ?? string.Empty, domainRemoved.Get(row)));
            }
        }
    }

    /// <summary>Column reads that return empty results without reading when the action is absent.</summary>
    private readonly record struct Reads(CheckpointColumns Columns, CancellationToken Ct)
    {
        public async Task<CheckpointColumns.Leaf<string>> TextAsync(bool read, string path) =>
            read ? await Columns.ReadTextAsync(path, Ct).ConfigureAwait(false) : default;

        public async Task<CheckpointColumns.Leaf<long>> LongAsync(bool read, string path) =>
            read ? await Columns.ReadLongAsync(path, Ct).ConfigureAwait(false) : default;

        public async Task<CheckpointColumns.Leaf<bool>> BoolAsync(bool read, string path) =>
            read ? await Columns.ReadBoolAsync(path, Ct).ConfigureAwait(false) : default;

        public async Task<List<string?>?[]> ListAsync(bool read, string path) =>
            read ? await Columns.ReadRepeatedAsync(path, Ct).ConfigureAwait(false) : new List<string?>?[Columns.RowCount];

        public async Task<(List<string?>?[] Keys, List<string?>?[] Values)> MapAsync(bool read, string path) =>
            (await ListAsync(read, $"{path}/key_value/key").ConfigureAwait(false), await ListAsync(read, $"{path}/key_value/value").ConfigureAwait(false));
    }

    private static Dictionary<string, string?>? NullableMap((List<string?>?[] Keys, List<string?>?[] Values) map, int row)
    {
        if (map.Keys[row] is not { } keys)
        {
            return null;
        }

        var values = map.Values[row];
        var result = new Dictionary<string, string?>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            result[keys[i] ?? string.Empty] = values is not null && i < values.Count ? values[i] : null;
        }

        return result;
    }

    private static Dictionary<string, string>? Map((List<string?>?[] Keys, List<string?>?[] Values) map, int row)
    {
        if (NullableMap(map, row) is not { } nullable)
        {
            return null;
        }

        var result = new Dictionary<string, string>(nullable.Count, StringComparer.Ordinal);
        foreach (var (key, value) in nullable)
        {
            if (value is not null)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static async Task<string?[]> DeletionVectorsAsync(CheckpointColumns c, bool read, string action, CancellationToken ct)
    {
        var ids = new string?[c.RowCount];
        if (!read || !c.Has($"{action}/deletionVector/storageType"))
        {
            return ids;
        }

        var storage = await c.ReadTextAsync($"{action}/deletionVector/storageType", ct).ConfigureAwait(false);
        var path = await c.ReadTextAsync($"{action}/deletionVector/pathOrInlineDv", ct).ConfigureAwait(false);
        var offset = await c.ReadLongAsync($"{action}/deletionVector/offset", ct).ConfigureAwait(false);
        for (var row = 0; row < c.RowCount; row++)
        {
            if (storage.HasValue(row))
            {
                ids[row] = offset.HasValue(row) ? $"{storage.Get(row)}{path.Get(row)}@{offset.Get(row)}" : $"{storage.Get(row)}{path.Get(row)}";
            }
        }

        return ids;
    }
}
