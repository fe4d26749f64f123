using Tributary.Delta;
using Tributary.Delta.Schema;

namespace Tributary.Load.Internal;

/// <summary>
/// Which staging batches each load consumed, kept as rows of a small Delta table (<c>Load:LedgerTable</c>), so the
/// record survives checkpoints and log cleanup of the final tables.
/// </summary>
/// <remarks>
/// Load N appends its rows (one per batch, one per region it touched) with <c>txn(appId, N)</c> before any other
/// commit: that is the load's intent. A batch counts as loaded when its load id is at most the curated table's
/// txn version, so the ledger row and the curated commit become effective together. A ledger row for load N
/// without the curated commit N means load N was interrupted; the rerun redoes N with exactly those batches.
/// </remarks>
internal sealed class LoadLedger
{
    /// <summary>Beyond this many data files the ledger is compacted after a write (one file per load otherwise).</summary>
    private const int CompactAfterFiles = 64;

    private static readonly StructType Schema = new([
        new StructField("app_id", PrimitiveType.String, Nullable: false),
        new StructField("load_id", PrimitiveType.Long, Nullable: false),
        new StructField("batch", PrimitiveType.String),
        new StructField("region", PrimitiveType.String),
    ]);

    private readonly TableStore _tables;
    private readonly string _key;
    private readonly string _appId;
    private readonly IReadOnlyList<LoadRecord> _carriedOver;

    private LoadLedger(TableStore tables, string key, string appId, IReadOnlyList<LoadRecord> records, IReadOnlyList<LoadRecord> carriedOver)
    {
        _tables = tables;
        _key = key;
        _appId = appId;
        Records = records;
        _carriedOver = carriedOver;
    }

    /// <summary>True while the loads come from the log history (no ledger table yet); the next write carries them over.</summary>
    public bool CarriesHistory => _carriedOver.Count > 0;

    /// <summary>The loads of this app, by load id.</summary>
    public IReadOnlyList<LoadRecord> Records { get; }

    /// <summary>The record of load <paramref name="loadId"/>, or null.</summary>
    public LoadRecord? Find(long loadId) => Records.FirstOrDefault(r => r.LoadId == loadId);

    /// <summary>The batches of loads up to <paramref name="lastLoadId"/> (the curated table's txn version).</summary>
    public HashSet<string> LoadedThrough(long lastLoadId) =>
        new(Records.Where(r => r.LoadId <= lastLoadId).SelectMany(r => r.Batches), StringComparer.Ordinal);

    /// <summary>
    /// Reads the ledger. When there is none yet but <paramref name="curated"/> exists (a table loaded before the ledger
    /// existed), the loads are taken from the curated history and written into the ledger with the next load.
    /// </summary>
    /// <remarks>
    /// Before the ledger, the rejected commit was a load's intent; an interrupted load of that time is carried over
    /// from <paramref name="rejected"/>'s history so the rerun finishes it with the same batches.
    /// </remarks>
    public static async Task<LoadLedger> ReadAsync(
        TableStore tables, string key, string appId, DeltaTable? curated, DeltaTable? rejected, long lastLoadId, CancellationToken cancellationToken)
    {
        var table = await tables.TryOpenAsync(key, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            var history = (await LoadHistory.ReadAsync(curated, appId, cancellationToken).ConfigureAwait(false))
                .Where(r => r.LoadId <= lastLoadId).ToList();
            if (curated is not null && rejected is not null
                && (await rejected.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false)).GetAppTransactionVersion(appId) == lastLoadId + 1)
            {
                history.AddRange((await LoadHistory.ReadAsync(rejected, appId, cancellationToken).ConfigureAwait(false))
                    .Where(r => r.LoadId == lastLoadId + 1).TakeLast(1));
            }

            return new LoadLedger(tables, key, appId, history, history);
        }

        var snapshot = await table.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var batches = new SortedDictionary<long, (List<string> Batches, List<string> Regions)>();
        await foreach (var batch in snapshot.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            int app = batch.IndexOf("app_id"), load = batch.IndexOf("load_id"), key2 = batch.IndexOf("batch"), region = batch.IndexOf("region");
            for (var row = 0; row < batch.RowCount; row++)
            {
                if (!string.Equals(batch.GetValue(app, row) as string, appId, StringComparison.Ordinal))
                {
                    continue;
                }

                var id = Convert.ToInt64(batch.GetValue(load, row), System.Globalization.CultureInfo.InvariantCulture);
                if (!batches.TryGetValue(id, out var entry))
                {
                    entry = ([], []);
                    batches[id] = entry;
                }

                if (batch.GetValue(key2, row) is string batchKey)
                {
                    entry.Batches.Add(batchKey);
                }

                if (batch.GetValue(region, row) is string regionName)
                {
                    entry.Regions.Add(regionName);
                }
            }
        }

        var records = batches.Select(b => new LoadRecord(
            b.Key,
            [.. b.Value.Batches.Order(StringComparer.Ordinal)],
            [.. b.Value.Regions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])).ToList();
        return new LoadLedger(tables, key, appId, records, []);
    }

    /// <summary>
    /// Appends load <paramref name="record"/> with <c>txn(appId, loadId)</c> (plus, the first time, the loads carried
    /// over from the curated history). Returns false when the ledger already had a load at or above that id: another
    /// load took the id first.
    /// </summary>
    public async Task<bool> RecordAsync(LoadRecord record, CancellationToken cancellationToken)
    {
        var rows = new List<(long LoadId, string? Batch, string? Region)>();
        foreach (var load in _carriedOver.Where(c => c.LoadId != record.LoadId).Append(record))
        {
            rows.AddRange(load.Batches.Select(b => (load.LoadId, (string?)b, (string?)null)));
            rows.AddRange(load.Regions.Select(r => (load.LoadId, (string?)null, (string?)r)));
            if (load.Batches.Count == 0 && load.Regions.Count == 0)
            {
                rows.Add((load.LoadId, null, null));
            }
        }

        var data = new DeltaBatch(
            Schema,
            [
                rows.Select(_ => (string?)_appId).ToArray(),
                rows.Select(r => (long?)r.LoadId).ToArray(),
                rows.Select(r => r.Batch).ToArray(),
                rows.Select(r => r.Region).ToArray(),
            ],
            rows.Count);
        var table = await _tables.OpenOrCreateAsync(_key, Schema, [], cancellationToken).ConfigureAwait(false);
        var written = await table.AppendAsync(
            data,
            new DeltaWriteOptions
            {
                AppTransaction = (_appId, record.LoadId),
                CommitInfo = LoadHistory.ToCommitInfo(_appId, record, new Dictionary<string, object?>()),
            },
            cancellationToken).ConfigureAwait(false);
        if (written.Skipped)
        {
            return false;
        }

        if ((await table.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false)).Files.Count > CompactAfterFiles)
        {
            await table.OptimizeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
