using Tributary.Delta;
using Tributary.Ports;
using Tributary.Storage;

namespace Tributary.Load.Internal;

/// <summary>
/// Opens and creates the load's Delta tables in an object store, each with the commit store the caller chose. A
/// <see cref="LocalObjectStore"/> is the fast path: its tables are plain folders that DuckDB reads in place.
/// </summary>
internal sealed class TableStore
{
    private readonly Func<string, ICommitStore?>? _commitStores;
    private readonly TimeProvider _time;
    private readonly string _engineInfo;

    public TableStore(IObjectStore objects, Func<string, ICommitStore?>? commitStores, TimeProvider time, string engineInfo)
    {
        Objects = objects;
        _commitStores = commitStores;
        _time = time;
        _engineInfo = engineInfo;
    }

    public IObjectStore Objects { get; }

    /// <summary>The local folder of a key when the store is local, else null (objects must be copied to be read by DuckDB).</summary>
    public string? LocalPathOf(string key) =>
        Objects is LocalObjectStore local ? (key.Trim('/').Length == 0 ? local.Location : local.GetPath(key.Trim('/'))) : null;

    public IDeltaStorage StorageOf(string tableKey) =>
        LocalPathOf(tableKey) is { } folder ? new LocalDeltaStorage(folder) : new ObjectStoreDeltaStorage(Objects, tableKey);

    public DeltaTableOptions OptionsOf(string tableKey) => new()
    {
        TimeProvider = _time,
        EngineInfo = _engineInfo,
        CommitStore = _commitStores?.Invoke(tableKey.Trim('/')),
    };

    /// <summary>The table, or null when none exists (after its commit store finished any commit a crashed writer left).</summary>
    public Task<DeltaTable?> TryOpenAsync(string tableKey, CancellationToken cancellationToken) =>
        DeltaTable.TryOpenAsync(StorageOf(tableKey), OptionsOf(tableKey), cancellationToken);

    public async Task<DeltaTable> OpenOrCreateAsync(string tableKey, Delta.Schema.StructType schema, IReadOnlyList<string> partitions, CancellationToken cancellationToken)
    {
        var storage = StorageOf(tableKey);
        try
        {
            return await DeltaTable.CreateAsync(storage, schema, partitions, null, OptionsOf(tableKey), cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaException)
        {
            if (!await DeltaTable.ExistsAsync(storage, OptionsOf(tableKey), cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            // Another load created it first.
            return await DeltaTable.OpenAsync(storage, OptionsOf(tableKey), cancellationToken).ConfigureAwait(false);
        }
    }
}
