using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Load.Internal;
using Tributary.Ports;
using Tributary.Storage;
using Tributary.Telemetry;

namespace Tributary.Load;

/// <summary>
/// The load stage: curates the staging batches not loaded yet with <c>curate.sql</c>, writes rejected rows, MERGEs
/// into the curated table and refreshes the sales summary of the regions it touched, exactly once.
/// </summary>
/// <remarks>
/// Every commit of load N carries <c>txn(appId, N)</c>. The commits go ledger (the batches load N consumes, as rows
/// of <c>Load:LedgerTable</c>) → rejected → curated → summary; a batch is loaded once the curated table's txn
/// reaches its load. A run first finishes what an interrupted run left: a summary behind the curated table is
/// refreshed; a ledger entry for load N without the curated commit means load N is redone with exactly the batches
/// listed there (appends already made are skipped by their txn). The ledger is data, not log history, so checkpoints
/// and log cleanup do not lose it.
/// The stage works over any <see cref="IObjectStore"/>: DuckDB reads local files, so for a store that is not a
/// <see cref="LocalObjectStore"/> the objects a step reads are copied into a bounded local cache first.
/// </remarks>
public sealed class LoadStage
{
    /// <summary>The MERGE key of the curated table.</summary>
    public static readonly IReadOnlyList<string> CuratedKey = ["invoiceno", "storeno", "lineitem_stockcode", "invoicedate", "region"];

    /// <summary>The partition columns of the curated table.</summary>
    public static readonly IReadOnlyList<string> CuratedPartitions = ["region", "invoice_year"];

    private readonly LoadOptions _options;
    private readonly string _appId;
    private readonly TableStore _tables;
    private readonly TimeProvider _time;
    private readonly Curator _curator;
    private readonly CurationResources _resources;

    /// <summary>Creates the stage over a local data root.</summary>
    /// <param name="options">The <c>Load</c> section.</param>
    /// <param name="appId">The pipeline's app id, recorded in every load commit's txn.</param>
    /// <param name="dataRoot">The data root folder holding <c>staging/</c> and <c>final/</c>.</param>
    /// <param name="time">The clock for load timestamps (create_ts, update_ts, processing_delay).</param>
    public LoadStage(LoadOptions options, string appId, string dataRoot, TimeProvider? time = null)
        : this(options, appId, new LocalObjectStore(ValidRoot(dataRoot)), null, time)
    {
    }

    /// <summary>Creates the stage over any object store (a local folder, S3).</summary>
    /// <param name="options">The <c>Load</c> section; its staging prefix and table paths are keys in <paramref name="store"/>.</param>
    /// <param name="appId">The pipeline's app id, recorded in every load commit's txn.</param>
    /// <param name="store">The store holding the staging batches and the final tables.</param>
    /// <param name="commitStores">
    /// The Delta commit store of each table, by the table's key (<c>final/curated</c>); null, or a null result, uses
    /// put-if-absent on the store itself (on a local folder: the file system's atomic create).
    /// </param>
    /// <param name="time">The clock for load timestamps (create_ts, update_ts, processing_delay).</param>
    public LoadStage(LoadOptions options, string appId, IObjectStore store, Func<string, ICommitStore?>? commitStores = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _appId = appId;
        _time = time ?? TimeProvider.System;
        _tables = new TableStore(store, commitStores, _time, "Tributary.Load/0.1");
        _resources = new CurationResources(options.SqlFolder, options.DimensionsFolder);
        _curator = new Curator(_resources);
    }

    /// <summary>Loads every staging batch not loaded yet (up to <see cref="LoadOptions.MaxBatchesPerLoad"/>).</summary>
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        LoadResult result;
        try
        {
            result = await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            TributaryMetrics.Load.LoadCompleted("failed", System.Diagnostics.Stopwatch.GetElapsedTime(started), 0, 0, 0, 0);
            throw;
        }

        TributaryMetrics.Load.LoadCompleted(
            result.Status == LoadStatus.Loaded ? "committed" : "empty",
            System.Diagnostics.Stopwatch.GetElapsedTime(started),
            result.Batches.Count,
            result.RowsInserted,
            result.RowsUpdated,
            result.RejectionsWritten);
        TributaryMetrics.Staging.SetWaiting(result.BatchesWaiting);
        await PublishTableVersionsAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The staging batches not loaded yet, oldest first (a read-only query for <c>status</c> and <c>watch</c>).</summary>
    public async Task<IReadOnlyList<StagingBatch>> GetPendingBatchesAsync(CancellationToken cancellationToken = default)
    {
        var curated = await TryOpenAsync(_options.CuratedTable, cancellationToken).ConfigureAwait(false);
        var lastId = curated is null ? 0 : TxnOf(await curated.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false));
        var ledger = await LoadLedger.ReadAsync(_tables, _options.LedgerTable, _appId, curated, null, lastId, cancellationToken).ConfigureAwait(false);
        var loaded = ledger.LoadedThrough(lastId);
        var all = await StagingCatalog.ListAsync(_tables, _options.StagingPrefix, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(b => !loaded.Contains(b.Key))];
    }

    private async Task PublishTableVersionsAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, table) in new[] { ("curated", _options.CuratedTable), ("sales_summary", _options.SummaryTable), ("rejected", _options.RejectedTable) })
        {
            if (await TryOpenAsync(table, cancellationToken).ConfigureAwait(false) is { } opened)
            {
                TributaryMetrics.Load.SetTableVersion(name, (await opened.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false)).Version);
            }
        }
    }

    private async Task<LoadResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        var curated = await TryOpenAsync(_options.CuratedTable, cancellationToken).ConfigureAwait(false);
        var lastId = curated is null ? 0 : TxnOf(await curated.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false));
        var rejected = await TryOpenAsync(_options.RejectedTable, cancellationToken).ConfigureAwait(false);
        var ledger = await LoadLedger.ReadAsync(_tables, _options.LedgerTable, _appId, curated, rejected, lastId, cancellationToken).ConfigureAwait(false);

        // 1. A summary refresh an interrupted load left undone.
        var summary = await TryOpenAsync(_options.SummaryTable, cancellationToken).ConfigureAwait(false);
        var summaryId = summary is null ? 0 : TxnOf(await summary.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false));
        var recoveredRegions = new SortedSet<string>(StringComparer.Ordinal);
        long summaryRows = 0;
        if (curated is not null && summaryId < lastId)
        {
            recoveredRegions.UnionWith(ledger.Records.Where(l => l.LoadId > summaryId && l.LoadId <= lastId).SelectMany(l => l.Regions));
            summaryRows = await RefreshSummaryAsync(curated, summary, [.. recoveredRegions], lastId, cancellationToken).ConfigureAwait(false);
        }

        // 2. Which batches: those an interrupted load N recorded in the ledger, else the new ones.
        var all = await StagingCatalog.ListAsync(_tables, _options.StagingPrefix, cancellationToken).ConfigureAwait(false);
        var loadId = lastId + 1;
        IReadOnlyList<StagingBatch> batches;
        var resumed = false;
        var waiting = 0;
        if (ledger.Find(loadId) is { } pending)
        {
            var byKey = all.ToDictionary(b => b.Key, StringComparer.Ordinal);
            batches = pending.Batches.Select(k => byKey.TryGetValue(k, out var b) ? b
                : throw new InvalidOperationException($"Load {loadId} was interrupted after recording its batches in {_options.LedgerTable}, and its staging batch '{k}' is gone; restore it to finish the load.")).ToList();
            resumed = true;
        }
        else
        {
            var loaded = ledger.LoadedThrough(lastId);
            var pendingBatches = all.Where(b => !loaded.Contains(b.Key)).ToList();
            batches = TakeWithinBudget(pendingBatches);
            waiting = pendingBatches.Count - batches.Count;
        }

        if (batches.Count == 0)
        {
            return new LoadResult
            {
                Status = LoadStatus.NothingNew,
                LoadId = lastId,
                SummaryRegions = [.. recoveredRegions],
                SummaryRows = summaryRows,
                RecoveredSummary = recoveredRegions.Count > 0,
            };
        }

        var result = await LoadBatchesAsync(batches, loadId, ledger, resumed, curated, rejected, cancellationToken).ConfigureAwait(false);
        recoveredRegions.UnionWith(result.SummaryRegions);
        return result with
        {
            BatchesWaiting = waiting,
            SummaryRegions = [.. recoveredRegions],
            SummaryRows = result.SummaryRows + summaryRows,
            RecoveredSummary = summaryRows > 0 || summaryId < lastId,
            Resumed = resumed,
        };
    }

    private async Task<LoadResult> LoadBatchesAsync(
        IReadOnlyList<StagingBatch> batches,
        long loadId,
        LoadLedger ledger,
        bool resumed,
        DeltaTable? curated,
        DeltaTable? rejected,
        CancellationToken cancellationToken)
    {
        var loadTimestamp = TruncateToMicroseconds(_time.GetUtcNow());

        var steps = new Dictionary<string, double>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var cache = NewCache();
        using var session = OpenSession(cache);
        var local = await StagingCatalog.MaterializeAsync(_tables, batches, cache, cancellationToken).ConfigureAwait(false);
        var mark = 0.0;
        void Step(string name)
        {
            steps[name] = watch.Elapsed.TotalSeconds - mark;
            mark = watch.Elapsed.TotalSeconds;
        }

        Step("fetch");
        var counts = _curator.Curate(session, local, loadTimestamp, loadId);
        Step("curate");
        var regions = new List<string>();
        using (var reader = session.Read("SELECT DISTINCT region FROM curation_curated ORDER BY region"))
        {
            while (reader.Read())
            {
                regions.Add(reader.GetString(0));
            }
        }

        var record = new LoadRecord(loadId, batches.Select(b => b.Key).ToList(), regions);
        var metrics = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["stagedRows"] = counts.StagedRows,
            ["rejectedRows"] = counts.RejectedRows,
            ["windowDuplicates"] = counts.WindowDuplicates,
            ["keyDuplicates"] = counts.KeyDuplicates,
            ["curatedRows"] = counts.CuratedRows,
        };
        var commitInfo = LoadHistory.ToCommitInfo(_appId, record, metrics);
        var write = new DeltaWriteOptions { AppTransaction = (_appId, loadId), CommitInfo = commitInfo };

        // The ledger first: it is the load's intent, so a rerun redoes exactly these batches.
        if ((!resumed || ledger.CarriesHistory) && !await ledger.RecordAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"Another load recorded load {loadId} in {_options.LedgerTable} at the same time; this one stopped before writing. Run load again.");
        }

        Step("ledger");
        const string rejectedSql = "SELECT * EXCLUDE (_rid) FROM curation_rejected";
        var rejectedBatch = DuckDbBatchReader.ReadAll(session, rejectedSql, DuckDbBatchReader.SchemaOf(session, rejectedSql));
        rejected ??= await OpenOrCreateAsync(_options.RejectedTable, rejectedBatch.Schema, [], cancellationToken).ConfigureAwait(false);
        long rejectionsWritten = 0;
        if (rejectedBatch.RowCount > 0)
        {
            var written = await rejected.AppendAsync(rejectedBatch, write, cancellationToken).ConfigureAwait(false);
            rejectionsWritten = written.Skipped ? 0 : rejectedBatch.RowCount;
        }
        else
        {
            await CommitMarkerAsync(rejected, loadId, commitInfo, cancellationToken).ConfigureAwait(false);
        }

        Step("rejected");
        const string curatedSql = "SELECT * FROM curation_curated";
        var curatedSchema = DuckDbBatchReader.SchemaOf(session, curatedSql);
        curated ??= await OpenOrCreateAsync(_options.CuratedTable, curatedSchema, CuratedPartitions, cancellationToken).ConfigureAwait(false);
        DeltaWriteResult? merged = null;
        if (counts.CuratedRows > 0)
        {
            // DuckDB writes the data files (and, for a MERGE, reads the files it rewrites) within its memory limit;
            // only file paths and stats come back to .NET.
            session.Execute("SET preserve_insertion_order = false");
            var writes = new DuckDbDeltaWrites(session, cache, _time) { MaxRowsPerFile = _options.MaxRowsPerFile };
            merged = (await curated.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false)).Files.Count == 0
                // Nothing to match against and the keys are unique within a load: appending is what the MERGE would
                // do. Concurrent loads cannot add rows meanwhile: the ledger's txn lets one load N through.
                ? await writes.AppendAsync(curated, "curation_curated", CuratedKey, write, cancellationToken).ConfigureAwait(false)
                : await writes.MergeAsync(curated, "curation_curated", CuratedKey, ["create_ts"], write, cancellationToken).ConfigureAwait(false);
            foreach (var (name, seconds) in writes.Steps)
            {
                steps["merge." + name] = seconds;
            }
        }
        else
        {
            await CommitMarkerAsync(curated, loadId, commitInfo, cancellationToken).ConfigureAwait(false);
        }

        Step("merge");
        var summary = await TryOpenAsync(_options.SummaryTable, cancellationToken).ConfigureAwait(false);
        var summaryRows = await RefreshSummaryAsync(curated, summary, regions, loadId, cancellationToken).ConfigureAwait(false);
        Step("summary");
        return new LoadResult
        {
            Status = LoadStatus.Loaded,
            LoadId = loadId,
            Batches = record.Batches,
            Curation = counts,
            RowsInserted = merged?.RowsInserted ?? 0,
            RowsUpdated = merged?.RowsUpdated ?? 0,
            RejectionsWritten = rejectionsWritten,
            SummaryRegions = regions,
            SummaryRows = summaryRows,
            CuratedVersion = merged?.Version,
            StepSeconds = steps,
        };
    }

    /// <summary>Recomputes the summary of <paramref name="regions"/> from the curated table and replaces those partitions, with txn <paramref name="loadId"/>.</summary>
    private async Task<long> RefreshSummaryAsync(DeltaTable curated, DeltaTable? summary, IReadOnlyList<string> regions, long loadId, CancellationToken cancellationToken)
    {
        var snapshot = await curated.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var wanted = new HashSet<string>(regions, StringComparer.Ordinal);
        using var cache = NewCache();
        using var session = OpenSession(cache);
        await DeltaDuckDbView.RegisterAsync(session, "curated_scope", snapshot, curated.Storage, cache,
            values => values.TryGetValue("region", out var region) && region is not null && wanted.Contains(region), query: null, cancellationToken)
            .ConfigureAwait(false);
        session.Execute(_resources.ReadSql("sales_summary.sql"));
        const string summarySql = "SELECT * FROM summary_out";
        var batch = DuckDbBatchReader.ReadAll(session, summarySql, DuckDbBatchReader.SchemaOf(session, summarySql));
        summary ??= await OpenOrCreateAsync(_options.SummaryTable, batch.Schema, ["region"], cancellationToken).ConfigureAwait(false);
        var commitInfo = LoadHistory.ToCommitInfo(_appId, new LoadRecord(loadId, [], regions), new Dictionary<string, object?>());
        if (regions.Count == 0)
        {
            await CommitMarkerAsync(summary, loadId, commitInfo, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var predicate = DeltaPredicate.In("region", [.. regions]);
        var result = await summary.OverwriteAsync(
            batch,
            predicate,
            new DeltaWriteOptions { AppTransaction = (_appId, loadId), CommitInfo = commitInfo },
            cancellationToken).ConfigureAwait(false);
        return result.Skipped ? 0 : batch.RowCount;
    }

    /// <summary>A commit with no data, only the load's txn and commitInfo: the load happened and consumed its batches.</summary>
    private async Task CommitMarkerAsync(DeltaTable table, long loadId, IReadOnlyDictionary<string, object?> commitInfo, CancellationToken cancellationToken)
    {
        var transaction = await table.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        transaction.SetAppTransaction(_appId, loadId);
        await transaction.CommitAsync("WRITE", new Dictionary<string, object?> { ["mode"] = "Append" }, commitInfo, cancellationToken).ConfigureAwait(false);
    }

    private long TxnOf(DeltaSnapshot snapshot) => snapshot.GetAppTransactionVersion(_appId) ?? 0;

    private Task<DeltaTable?> TryOpenAsync(string table, CancellationToken cancellationToken) =>
        _tables.TryOpenAsync(table, cancellationToken);

    private Task<DeltaTable> OpenOrCreateAsync(string table, Delta.Schema.StructType schema, IReadOnlyList<string> partitions, CancellationToken cancellationToken) =>
        _tables.OpenOrCreateAsync(table, schema, partitions, cancellationToken);

    /// <summary>A DuckDB session that spills into <paramref name="cache"/> (dispose it before the cache).</summary>
    private DuckDbSession OpenSession(LocalFileCache cache) =>
        DuckDbSession.Open(_options.DuckDbMemoryLimit, _options.DuckDbThreads, cache.FolderOf("duckdb-temp"));

    private LocalFileCache NewCache() => new(_options.CacheFolder, (long)_options.MaxCacheMegabytes << 20);

    /// <summary>
    /// The oldest pending batches, at most <see cref="LoadOptions.MaxBatchesPerLoad"/>; from a store that is not
    /// local also no more than fit in the local cache (always at least one, so a load always makes progress).
    /// </summary>
    private List<StagingBatch> TakeWithinBudget(List<StagingBatch> pending)
    {
        var taken = new List<StagingBatch>();
        var budget = (long)_options.MaxCacheMegabytes << 20;
        long bytes = 0;
        foreach (var batch in pending)
        {
            var local = _tables.LocalPathOf(batch.Key) is not null;
            if (taken.Count == _options.MaxBatchesPerLoad || (!local && taken.Count > 0 && bytes + batch.Size > budget))
            {
                break;
            }

            bytes += local ? 0 : batch.Size;
            taken.Add(batch);
        }

        return taken;
    }

    private static string ValidRoot(string dataRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        return dataRoot;
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
