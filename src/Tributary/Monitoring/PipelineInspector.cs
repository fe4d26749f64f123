using System.Text.Json;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Ports;
using Tributary.Reporting;
using Tributary.Storage;
using Tributary.Telemetry;

namespace Tributary.Monitoring;

/// <summary>
/// Reads the pipeline's persisted state (never in-memory state, so it works while <c>watch</c> runs and after it
/// stopped): final tables, what was set aside, the run history and the sales summary. The data folders are read from
/// the local data root, or from another object store (S3) when one is given; the run history and the embedded
/// stream's lag always come from the local <c>_state/</c>.
/// </summary>
public sealed class PipelineInspector
{
    private readonly IObjectStore? _remote;
    private readonly Func<string, ICommitStore?>? _commitStores;

    /// <summary>The final tables, in the order people read them.</summary>
    public static readonly IReadOnlyList<string> FinalTables = ["curated", "sales_summary", "rejected"];

    /// <summary>Inspects the data root of <paramref name="options"/>.</summary>
    public PipelineInspector(TributaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        DataRoot = Path.GetFullPath(options.Storage.DataRoot);
    }

    /// <summary>
    /// Inspects a pipeline whose data folders live in <paramref name="store"/> (for example S3); a
    /// <see cref="LocalObjectStore"/> means the local data root, as the other constructor does.
    /// </summary>
    /// <param name="options">The configuration.</param>
    /// <param name="store">The object store holding staging, quarantine and the final tables.</param>
    /// <param name="commitStores">The Delta commit store of each final table by key (null: put-if-absent on the store).</param>
    public PipelineInspector(TributaryOptions options, IObjectStore store, Func<string, ICommitStore?>? commitStores = null)
        : this(options)
    {
        ArgumentNullException.ThrowIfNull(store);
        _remote = store is LocalObjectStore ? null : store;
        _commitStores = commitStores;
    }

    /// <summary>The configuration.</summary>
    public TributaryOptions Options { get; }

    /// <summary>The absolute data root.</summary>
    public string DataRoot { get; }

    /// <summary>The state folder (<c>_state/</c>).</summary>
    public string StateFolder => Path.Combine(DataRoot, DataLayout.State);

    /// <summary>Where a final table lives (the <c>Load</c> section's table keys, under the data root or in the store).</summary>
    public string TablePath(string table) => _remote is null
        ? Path.GetFullPath(Path.Combine(DataRoot, TableKey(table)))
        : $"{_remote.Location.TrimEnd('/')}/{TableKey(table).Replace('\\', '/')}";

    private string TableKey(string table) => table switch
    {
        "curated" => Options.Load.CuratedTable,
        "sales_summary" => Options.Load.SummaryTable,
        "rejected" => Options.Load.RejectedTable,
        _ => Path.Combine(DataLayout.Final, table),
    };

    /// <summary>The table's storage and options, or null when no table exists there yet.</summary>
    private async Task<(IDeltaStorage Storage, DeltaTableOptions Options)?> TryTableAsync(string name, CancellationToken cancellationToken)
    {
        if (_remote is null)
        {
            var path = TablePath(name);
            var local = new LocalDeltaStorage(path);
            return Directory.Exists(path) && await DeltaTable.ExistsAsync(local, cancellationToken).ConfigureAwait(false)
                ? (local, new DeltaTableOptions())
                : null;
        }

        var key = TableKey(name).Replace('\\', '/');
        var storage = new ObjectStoreDeltaStorage(_remote, key);
        var options = new DeltaTableOptions { CommitStore = _commitStores?.Invoke(key) };
        return await DeltaTable.ExistsAsync(storage, options, cancellationToken).ConfigureAwait(false) ? (storage, options) : null;
    }

    /// <summary>The run history.</summary>
    public RunHistory History => new(StateFolder);

    /// <summary>Reads each final table's version, row count (from file statistics) and last commit time.</summary>
    public async Task<IReadOnlyList<TableState>> ReadTablesAsync(CancellationToken cancellationToken = default)
    {
        var tables = new List<TableState>();
        foreach (var name in FinalTables)
        {
            tables.Add(await ReadTableAsync(name, cancellationToken).ConfigureAwait(false));
        }

        return tables;
    }

    /// <summary>Reads one final table's state; a table not yet created has a null version.</summary>
    public async Task<TableState> ReadTableAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = TablePath(name);
        if (await TryTableAsync(name, cancellationToken).ConfigureAwait(false) is not var (storage, tableOptions))
        {
            return new TableState(name, path, null, null, null);
        }

        var table = await DeltaTable.OpenAsync(storage, tableOptions, cancellationToken).ConfigureAwait(false);
        var snapshot = await table.GetSnapshotAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        long? rows = 0;
        foreach (var file in snapshot.Files)
        {
            if (NumRecords(file.Stats) is { } count)
            {
                rows += count;
            }
            else
            {
                rows = null;
                break;
            }
        }

        return new TableState(name, path, snapshot.Version, rows, snapshot.Timestamp);
    }

    /// <summary>Counts what was set aside: quarantined files and records, delivery failures, rejected rows.</summary>
    public async Task<SetAsideCounts> ReadSetAsideAsync(CancellationToken cancellationToken = default)
    {
        if (_remote is not null)
        {
            return await ReadRemoteSetAsideAsync(_remote, cancellationToken).ConfigureAwait(false);
        }

        var quarantine = Path.Combine(DataRoot, DataLayout.Quarantine);
        var files = Path.Combine(DataRoot, Options.Extract.QuarantinePrefix.TrimEnd('/'));
        var records = Path.Combine(DataRoot, Options.Process.OnFailurePrefix.TrimEnd('/'));
        var failed = Path.Combine(DataRoot, Options.Deliver.ErrorOutputPrefix.TrimEnd('/'));
        var extractRecords = Path.Combine(DataRoot, Options.Extract.RecordQuarantinePrefix.TrimEnd('/'));
        var rejected = await ReadTableAsync("rejected", cancellationToken).ConfigureAwait(false);
        return new SetAsideCounts(
            CountDataFiles(files),
            files,
            CountRecordFiles(records) + (IsUnder(extractRecords, records) ? 0 : CountRecordFiles(extractRecords)),
            records,
            await CountRecordsAsync(failed, cancellationToken).ConfigureAwait(false),
            failed,
            rejected.Rows ?? 0,
            rejected.Path);
    }

    /// <summary>Reads every row of <c>final/sales_summary</c>; none when the table does not exist yet.</summary>
    public async Task<IReadOnlyList<SalesSummaryRow>> ReadSalesAsync(CancellationToken cancellationToken = default)
    {
        if (await TryTableAsync("sales_summary", cancellationToken).ConfigureAwait(false) is not var (storage, tableOptions))
        {
            return [];
        }

        var table = await DeltaTable.OpenAsync(storage, tableOptions, cancellationToken).ConfigureAwait(false);
        var snapshot = await table.GetSnapshotAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var rows = new List<SalesSummaryRow>();
        await foreach (var batch in snapshot.ReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            int region = batch.IndexOf("region"), store = batch.IndexOf("storeno"), year = batch.IndexOf("invoice_year"),
                month = batch.IndexOf("invoice_month"), invoices = batch.IndexOf("distinct_invoices"), quantity = batch.IndexOf("total_quantity"),
                sales = batch.IndexOf("total_sales"), change = batch.IndexOf("change_pct");
            if (region < 0 || year < 0 || month < 0 || sales < 0)
            {
                throw new InvalidDataException($"{storage.Location}: sales_summary lacks one of region, invoice_year, invoice_month, total_sales.");
            }

            for (var i = 0; i < batch.RowCount; i++)
            {
                rows.Add(new SalesSummaryRow(
                    Convert.ToString(batch.GetValue(region, i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    store < 0 ? string.Empty : Convert.ToString(batch.GetValue(store, i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    ToInt(batch.GetValue(year, i)),
                    ToInt(batch.GetValue(month, i)),
                    invoices < 0 ? 0 : (long)(ToDouble(batch.GetValue(invoices, i)) ?? 0),
                    quantity < 0 ? 0 : ToDouble(batch.GetValue(quantity, i)) ?? 0,
                    ToDouble(batch.GetValue(sales, i)) ?? 0,
                    change < 0 ? null : ToDouble(batch.GetValue(change, i))));
            }
        }

        return rows;
    }

    /// <summary>
    /// Reads the pipeline's health: shard lag, staging batches waiting, recent loads, tables, set-aside counts, and
    /// which thresholds of the <c>Watch</c> section are crossed.
    /// </summary>
    public async Task<PipelineStatus> ReadStatusAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var limits = Options.Watch;
        var streamFolder = Path.Combine(StateFolder, "stream", Options.Stream.Name);
        var shards = await StreamLagReader.ReadAsync(streamFolder, Options.Process.ConsumerName, Options.Stream.MaxRecordBytes, cancellationToken).ConfigureAwait(false);
        var load = _remote is null ? new Load.LoadStage(Options.Load, Options.Pipeline, DataRoot) : new Load.LoadStage(Options.Load, Options.Pipeline, _remote, _commitStores);
        var pending = await load.GetPendingBatchesAsync(cancellationToken).ConfigureAwait(false);
        var runs = await History.ReadRecentAsync(200, cancellationToken).ConfigureAwait(false);
        var setAside = await ReadSetAsideAsync(cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        foreach (var shard in shards)
        {
            if (shard.LagRecords > limits.MaxLagRecords)
            {
                problems.Add($"shard {shard.Shard} is {shard.LagRecords:N0} records behind (Watch:MaxLagRecords = {limits.MaxLagRecords:N0})");
            }

            var lagMs = shard.LagMilliseconds(now);
            if (lagMs > limits.MaxLagSeconds * 1000.0)
            {
                problems.Add($"shard {shard.Shard}'s oldest unprocessed record is {lagMs / 1000:N0} s old (Watch:MaxLagSeconds = {limits.MaxLagSeconds})");
            }
        }

        if (pending.Count > limits.MaxBatchesWaiting)
        {
            problems.Add($"{pending.Count:N0} staging batches wait for a load (Watch:MaxBatchesWaiting = {limits.MaxBatchesWaiting:N0})");
        }

        var last = runs.Count > 0 ? runs[^1] : null;
        if (last?.FreshnessP99Seconds is { } p99 && p99 > limits.MaxFreshnessSeconds)
        {
            problems.Add($"freshness p99 of the last run was {p99:N1} s (Watch:MaxFreshnessSeconds = {limits.MaxFreshnessSeconds})");
        }

        if (last is not null && last.FilesQuarantined + last.RecordsFailed + last.RecordsDeliveryFailed + last.RowsRejected > 0)
        {
            problems.Add($"quarantine grew in the last run ({last.Finished:u}): {last.FilesQuarantined} files, {last.RecordsFailed + last.RecordsDeliveryFailed} records, {last.RowsRejected} rejected rows; see {setAside.QuarantinedFilesPath}, {setAside.QuarantinedRecordsPath}, {setAside.DeliveryFailedPath}, {setAside.RejectedPath}");
        }

        return new PipelineStatus
        {
            Problems = problems,
            Pipeline = Options.Pipeline,
            DataRoot = DataRoot,
            CheckedAt = now,
            Shards = shards,
            BufferedRecords = shards.Sum(s => s.LagRecords),
            StagingBatchesWaiting = pending.Count,
            StagingBatchesWaitingKeys = [.. pending.Take(10).Select(b => b.Key)],
            LastLoads = [.. runs.Where(r => r.Loads > 0).TakeLast(5)],
            Tables = await ReadTablesAsync(cancellationToken).ConfigureAwait(false),
            SetAside = setAside,
            FreshnessP99Seconds = last?.FreshnessP99Seconds,
        };
    }

    /// <summary>Gathers everything the HTML report draws.</summary>
    public async Task<PipelineReportData> ReadReportDataAsync(int runs, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var notes = new List<string>();
        var tables = await ReadTablesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var missing in tables.Where(t => t.Version is null))
        {
            notes.Add($"Table '{missing.Name}' does not exist yet ({missing.Path}); run a load first.");
        }

        var history = await History.ReadRecentAsync(runs, cancellationToken).ConfigureAwait(false);
        if (history.Count == 0)
        {
            notes.Add($"No run history yet ({History.FilePath}): 'tributary run' and 'tributary watch' write it.");
        }

        var setAside = await ReadSetAsideAsync(cancellationToken).ConfigureAwait(false);
        return new PipelineReportData
        {
            Pipeline = Options.Pipeline,
            DataRoot = DataRoot,
            GeneratedAt = (time ?? TimeProvider.System).GetUtcNow(),
            Runs = history,
            QuarantinedFiles = setAside.QuarantinedFiles,
            QuarantinedRecords = setAside.QuarantinedRecords,
            DeliveryFailedRecords = setAside.DeliveryFailedRecords,
            RejectedRows = setAside.RejectedRows,
            Tables = tables,
            Sales = await ReadSalesAsync(cancellationToken).ConfigureAwait(false),
            Notes = notes,
        };
    }

    private static long? NumRecords(string? stats)
    {
        if (string.IsNullOrEmpty(stats))
        {
            return null;
        }

        using var json = JsonDocument.Parse(stats);
        return json.RootElement.TryGetProperty("numRecords", out var value) && value.TryGetInt64(out var count) ? count : null;
    }

    private static bool IsUnder(string path, string folder) =>
        path == folder || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsReasonFile(string path) => Path.GetFileName(path).Contains(".reason", StringComparison.OrdinalIgnoreCase);

    private static bool IsTemp(string path) => Path.GetFileName(path).StartsWith('.') || path.EndsWith(".tmp", StringComparison.Ordinal);

    private static long CountDataFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count(f => !IsReasonFile(f) && !IsTemp(f))
            : 0;

    /// <summary>
    /// Counts quarantined records: one per distinct name, whether the record has a data file (<c>N.json</c>), a reason
    /// file (<c>N.reason.json</c>) or both.
    /// </summary>
    private static long CountRecordFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !IsTemp(f))
                .Select(f => f.EndsWith(".reason.json", StringComparison.Ordinal) ? f[..^".reason.json".Length] : f.EndsWith(".json", StringComparison.Ordinal) ? f[..^".json".Length] : f)
                .Distinct(StringComparer.Ordinal).LongCount()
            : 0;

    /// <summary>Counts records in a folder of JSON Lines (or single-record JSON) files: one non-empty line each.</summary>
    private static async Task<long> CountRecordsAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        long count = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !IsReasonFile(f) && !IsTemp(f)))
        {
            using var reader = new StreamReader(file);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>The same counts as the local walk, over the store's listings.</summary>
    private async Task<SetAsideCounts> ReadRemoteSetAsideAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var files = Options.Extract.QuarantinePrefix;
        var records = Options.Process.OnFailurePrefix;
        var failed = Options.Deliver.ErrorOutputPrefix;
        var extractRecords = Options.Extract.RecordQuarantinePrefix;
        var where = (string prefix) => $"{store.Location.TrimEnd('/')}/{prefix}";
        var rejected = await ReadTableAsync("rejected", cancellationToken).ConfigureAwait(false);
        var fileCount = (await ListKeysAsync(store, files, cancellationToken).ConfigureAwait(false)).LongCount(k => !IsReasonFile(k) && !IsTemp(k));
        var recordKeys = await ListKeysAsync(store, records, cancellationToken).ConfigureAwait(false);
        if (!extractRecords.StartsWith(records, StringComparison.Ordinal))
        {
            recordKeys.AddRange(await ListKeysAsync(store, extractRecords, cancellationToken).ConfigureAwait(false));
        }

        long failedRecords = 0;
        foreach (var key in (await ListKeysAsync(store, failed, cancellationToken).ConfigureAwait(false)).Where(k => !IsReasonFile(k) && !IsTemp(k)))
        {
            await using var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                failedRecords += string.IsNullOrWhiteSpace(line) ? 0 : 1;
            }
        }

        return new SetAsideCounts(
            fileCount,
            where(files),
            DistinctRecords(recordKeys),
            where(records),
            failedRecords,
            where(failed),
            rejected.Rows ?? 0,
            rejected.Path);
    }

    private static async Task<List<string>> ListKeysAsync(IObjectStore store, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    private static long DistinctRecords(IEnumerable<string> keys) =>
        keys.Where(k => !IsTemp(k))
            .Select(k => k.EndsWith(".reason.json", StringComparison.Ordinal) ? k[..^".reason.json".Length] : k.EndsWith(".json", StringComparison.Ordinal) ? k[..^".json".Length] : k)
            .Distinct(StringComparer.Ordinal).LongCount();

    private static int ToInt(object? value) => value is null ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);

    private static double? ToDouble(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        return double.IsNaN(number) ? null : number;
    }
}
