using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Configuration;
using Tributary.Load;
using Tributary.Monitoring;
using Tributary.Ports;
using Tributary.Runtime;
using Tributary.Storage;
using Tributary.Streaming;
using Tributary.Telemetry;
using Tributary.Watch.Internal;

namespace Tributary.Watch;

/// <summary>
/// Continuous mode: wakes on file-system notifications under <c>source/</c> (and on a periodic listing, the safety
/// net), drains every new file through every stage, and loads into Delta when enough staging batches wait and on
/// the cron schedule. Everything it does is checkpointed as it goes, so a stop at any moment loses nothing.
/// </summary>
public sealed class WatchService
{
    private readonly TributaryOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _awaitingLoad = [];
    private DateTimeOffset? _lastListing;
    private DateTimeOffset _startedAt;
    private string _stage = "extract";

    /// <summary>Creates the service for a local data root.</summary>
    public WatchService(TributaryOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage.ObjectStore.Transport != ObjectStoreTransport.Local)
        {
            throw new InvalidOperationException($"'watch' drives the embedded pipeline and needs Storage:ObjectStore:Transport = local (it is {options.Storage.ObjectStore.Transport}).");
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Called after each cycle that did something (for progress output and tests).</summary>
    public Action<WatchCycle>? CycleCompleted { get; set; }

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled, then finishes the running cycle, flushes, checkpoints and
    /// loads what waits, unless <paramref name="abort"/> is cancelled too (grace period over, or a second signal):
    /// then it returns at once by throwing <see cref="OperationCanceledException"/>; the next start resumes.
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var watch = _options.Watch;
        _startedAt = _time.GetUtcNow();
        var dataRoot = Path.GetFullPath(_options.Storage.DataRoot);
        var store = new LocalObjectStore(dataRoot);
        var schedule = new LoadSchedule(watch.LoadSchedule);
        var load = new LoadStage(_options.Load, _options.Pipeline, dataRoot, _time);
        var history = new RunHistory(Path.Combine(dataRoot, DataLayout.State));
        var sourceFolder = Path.Combine(dataRoot, _options.Extract.SourcePrefix.TrimEnd('/'));
        using var notifier = new SourceNotifier(sourceFolder);
        await using var pipeline = new LocalPipeline(_options, store);
        var checkpoints = new LocalShardCheckpointStore(pipeline.Stream.Folder);
        var failureLog = new FailureLog(_options, store, _logger);
        await failureLog.StartAsync(abort).ConfigureAwait(false);

        _logger.LogInformation("watch: watching {Source} (listing every {Poll} s, load schedule '{Schedule}', load when {Batches} batches wait)",
            sourceFolder, watch.PollIntervalSeconds, watch.LoadSchedule, watch.LoadWhenBatchesWaiting);
        var nextScheduled = schedule.Next(_time.GetUtcNow());
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var loadNow = nextScheduled is { } due && due <= _time.GetUtcNow();
                await CycleAsync(store, pipeline, checkpoints, load, history, failureLog, loadNow, abort).ConfigureAwait(false);
                if (loadNow)
                {
                    nextScheduled = schedule.Next(_time.GetUtcNow());
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failing cycle must not end continuous mode: it is logged and retried with back-off.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                _logger.LogError(ex, "watch: {Stage} failed (attempt {Attempt}); retrying the cycle: {Message}", _stage, failures, ex.Message);
            }

            var wait = TimeSpan.FromSeconds(watch.PollIntervalSeconds);
            if (nextScheduled is { } next)
            {
                wait = TimeSpan.FromTicks(Math.Clamp((next - _time.GetUtcNow()).Ticks, 0, wait.Ticks));
            }

            if (failures > 0)
            {
                wait = TimeSpan.FromMilliseconds(Math.Min(30_000, 500 << Math.Min(failures, 6)));
            }

            try
            {
                if (await notifier.WaitAsync(wait, stop).ConfigureAwait(false) && watch.SettleMilliseconds > 0)
                {
                    await Task.Delay(watch.SettleMilliseconds, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        _logger.LogInformation("watch: stopping: taking no new input; flushing, checkpointing and loading what waits");
        await CycleAsync(store, pipeline, checkpoints, load, history, failureLog, loadNow: true, abort).ConfigureAwait(false);
        _logger.LogInformation("watch: stopped cleanly; nothing pending");
    }

    private async Task CycleAsync(
        LocalObjectStore store,
        LocalPipeline pipeline,
        LocalShardCheckpointStore checkpoints,
        LoadStage load,
        RunHistory history,
        FailureLog failureLog,
        bool loadNow,
        CancellationToken abort)
    {
        var started = _time.GetUtcNow();
        using var totals = new MetricsTotals();
        _stage = "extract";
        _awaitingLoad.AddRange(await NewSourceFilesAsync(store, abort).ConfigureAwait(false));

        // The pipeline reports each stage as it starts, so that a failure can name the stage it happened in.
        var summary = await pipeline.RunAsync(new StageProgress(stage => _stage = stage), abort).ConfigureAwait(false);
        _stage = "process";
        await PublishLagAsync(pipeline, checkpoints, abort).ConfigureAwait(false);
        await failureLog.LogAsync(summary, abort).ConfigureAwait(false);

        _stage = "load";
        var pending = await load.GetPendingBatchesAsync(abort).ConfigureAwait(false);
        TributaryMetrics.Staging.SetWaiting(pending.Count);
        var threshold = _options.Watch.LoadWhenBatchesWaiting;
        var loaded = false;
        if (pending.Count > 0 && (loadNow || (threshold > 0 && pending.Count >= threshold)))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await load.RunAsync(abort).ConfigureAwait(false);
            loaded = result.Status == LoadStatus.Loaded;
            var visible = _time.GetUtcNow();
            foreach (var landed in _awaitingLoad)
            {
                TributaryMetrics.RecordFreshness(visible - landed);
            }

            _awaitingLoad.Clear();

            pending = await load.GetPendingBatchesAsync(abort).ConfigureAwait(false);
            TributaryMetrics.Staging.SetWaiting(pending.Count);
            _logger.LogInformation("watch: load {LoadId} {Status}: {Batches} batches, {Inserted} rows inserted, {Updated} updated, {Rejected} rejected in {Seconds:F2} s",
                result.LoadId, result.Status, result.Batches.Count, result.RowsInserted, result.RowsUpdated, result.RejectionsWritten, clock.Elapsed.TotalSeconds);
        }
        else if (pending.Count == 0)
        {
            // Files that produced no staging batch (all quarantined or empty) are as visible as they will ever be.
            _awaitingLoad.Clear();
        }

        if (summary.Files > 0 || loaded)
        {
            _logger.LogInformation("watch: {Files} files, {Records} records, {Rows} rows staged; {Waiting} batches waiting", summary.Files, summary.Records, summary.Rows, pending.Count);
            await history.AppendAsync(RunRecord.FromTotals("watch", started, _time.GetUtcNow(), totals), abort).ConfigureAwait(false);
            CycleCompleted?.Invoke(new WatchCycle(summary.Files, summary.Records, summary.Rows, loaded, pending.Count));
        }
    }

    /// <summary>
    /// When each source file that appeared since the last cycle landed (for freshness). A file absent from the
    /// previous listing landed after it, even when a rename kept an older modification time, so the landing time is
    /// the later of the two. The first listing skips files that landed before <c>watch</c> started: they would
    /// measure downtime, not freshness.
    /// </summary>
    private async Task<List<DateTimeOffset>> NewSourceFilesAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var listedAt = _time.GetUtcNow();
        var fresh = new List<DateTimeOffset>();
        await foreach (var file in store.ListAsync(_options.Extract.SourcePrefix, cancellationToken).ConfigureAwait(false))
        {
            if (_seen.Add(file.Key + "\n" + file.ETag) && (_lastListing is not null || file.LastModified >= _startedAt))
            {
                fresh.Add(_lastListing is { } previous && previous > file.LastModified ? previous : file.LastModified);
            }
        }

        _lastListing = listedAt;
        return fresh;
    }

    private async Task PublishLagAsync(LocalPipeline pipeline, LocalShardCheckpointStore checkpoints, CancellationToken cancellationToken)
    {
        var behind = false;
        foreach (var shard in await pipeline.Stream.ListShardsAsync(cancellationToken).ConfigureAwait(false))
        {
            var last = pipeline.Stream.GetLastSequenceNumber(shard);
            var done = await checkpoints.GetAsync(_options.Process.ConsumerName, shard, cancellationToken).ConfigureAwait(false);
            if (StreamLagReader.Difference(last, done) == 0)
            {
                TributaryMetrics.Stream.SetLag(shard, 0, 0);
            }
            else
            {
                behind = true;
            }
        }

        if (behind)
        {
            // Rare after a drain (records that keep failing): read the oldest unprocessed arrival from the log.
            var now = _time.GetUtcNow();
            foreach (var lag in await StreamLagReader.ReadAsync(pipeline.Stream.Folder, _options.Process.ConsumerName, _options.Stream.MaxRecordBytes, cancellationToken).ConfigureAwait(false))
            {
                TributaryMetrics.Stream.SetLag(lag.Shard, lag.LagRecords, lag.LagMilliseconds(now));
            }
        }
    }
}
