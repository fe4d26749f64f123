using System.Diagnostics;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Extract;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Runtime.Internal;
using Tributary.Streaming;

namespace Tributary.Runtime;

/// <summary>
/// The whole flow on one machine: extract puts every new source file on the embedded stream while the local
/// event-source mapping drives process over every shard (writing a shard's raw records at the end of its round, and
/// checkpointing it once what it forwarded is staged) until extract is done and all shards are drained, the delivery stream is flushed, then the optional
/// load hook runs. State lives under
/// <c>_state/</c> of the data root, so a run killed at any point can simply be started again.
/// </summary>
/// <remarks>
/// Where a crash (SIGKILL) can strike, and why it neither loses nor duplicates a record in staging:
/// <list type="bullet">
/// <item>extract runs side by side with process (the event-source mapping reads the shards while extract writes
/// them), so where batches and rounds are cut depends on timing; nothing below relies on it;</item>
/// <item>extract, between a put and its ledger line: the next run reads the shards from the ledger's last known
/// positions and skips the records of in-progress files already there (<see cref="ExtractStage"/>);</item>
/// <item>process, before a checkpoint: the shard is read again from its checkpoint. Each shard has its own rounds
/// (and its own process handler): raw records are kept for the shard's round and written when it ends, one object
/// per partition named after the partition's first record in the round, and the round's checkpoint is written in
/// the background once the records it forwarded are staged, while the shard reads on. A shard's next round is
/// written only after that checkpoint, so a round always starts at a checkpoint and the replay rewrites the same
/// names, wherever it cuts its batches and rounds (<see cref="Tributary.Configuration.RawArchiveMode.Checkpoint"/>);</item>
/// <item>deliver, with records buffered in memory: they are not behind a checkpoint, so the replay brings them
/// again;</item>
/// <item>deliver, after a staging or error object was written but before the shards were checkpointed (or after some
/// of them were): the replayed records are in the delivery journal (<see cref="LocalFirehose.OpenJournalAsync"/>), a
/// line written before each object, and the delivery stream skips them;</item>
/// <item>after the last checkpoint: the journal is emptied once every shard is checkpointed at its end.</item>
/// </list>
/// </remarks>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly TributaryOptions _options;
    private readonly IObjectStore _store;
    private readonly IDeliveryStream _delivery;
    private readonly IRecordStream _stream;
    private readonly IDeliveryStream _processDelivery;
    private readonly IRecordStream _processStream;
    private readonly PipelineDecorators _decorators;
    private readonly IShardCheckpointStore _checkpoints;
    private readonly ExtractLedger _ledger;
    private readonly bool _ownsDelivery;
    private readonly bool _ownsStream;
    private readonly string _deliveryJournal;
    private bool _journalOpen;

    /// <summary>Builds the pipeline from configuration, on the embedded stream under <c>_state/stream/</c>.</summary>
    /// <param name="options">The configuration (data root, stream, extract, process, deliver, transform sections).</param>
    /// <param name="store">The object store holding source, raw, staging and quarantine.</param>
    /// <param name="delivery">The delivery stream; when null, the embedded <see cref="LocalFirehose"/> is created and owned.</param>
    public LocalPipeline(TributaryOptions options, IObjectStore store, IDeliveryStream? delivery = null)
        : this(options, store, OpenEmbeddedStream(options), checkpoints: null, delivery, ownsStream: true, decorators: null)
    {
    }

    /// <summary>
    /// Builds the pipeline on a given record stream (the embedded log or Kinesis) and checkpoint store; the caller
    /// keeps ownership of both. The extract ledger still lives under <c>_state/</c> of the data root.
    /// </summary>
    /// <param name="options">The configuration (data root, stream, extract, process, deliver, transform sections).</param>
    /// <param name="store">The object store holding source, raw, staging and quarantine.</param>
    /// <param name="stream">The record stream extract writes to and the event-source mapping reads.</param>
    /// <param name="checkpoints">Where the event-source mapping keeps shard checkpoints.</param>
    /// <param name="delivery">The delivery stream; when null, the embedded <see cref="LocalFirehose"/> is created and owned.</param>
    public LocalPipeline(TributaryOptions options, IObjectStore store, IRecordStream stream, IShardCheckpointStore checkpoints, IDeliveryStream? delivery = null)
        : this(options, store, stream, checkpoints, delivery, ownsStream: false, decorators: null)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
    }

    /// <summary>
    /// Builds the pipeline on the embedded stream and delivery stream, as the first constructor does, with
    /// <paramref name="decorators"/> around its parts (the pipeline bench times the stages this way).
    /// </summary>
    internal LocalPipeline(TributaryOptions options, IObjectStore store, PipelineDecorators decorators)
        : this(options, store, OpenEmbeddedStream(options), checkpoints: null, delivery: null, ownsStream: true, decorators)
    {
    }

    private LocalPipeline(TributaryOptions options, IObjectStore store, IRecordStream stream, IShardCheckpointStore? checkpoints, IDeliveryStream? delivery, bool ownsStream, PipelineDecorators? decorators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stream);
        _options = options;
        _store = store;
        var state = Path.Combine(Path.GetFullPath(options.Storage.DataRoot), DataLayout.State);
        _stream = stream;
        _ownsStream = ownsStream;
        _checkpoints = checkpoints ?? new LocalShardCheckpointStore(((LocalRecordStream)stream).Folder, options.Stream.FlushToDisk);
        _ledger = ExtractLedger.Open(Path.Combine(state, "ledger"), options.Stream.FlushToDisk);
        _ownsDelivery = delivery is null;

        // Beside the shard logs and checkpoints: its positions mean nothing once the stream is deleted and recreated.
        // Kinesis never reuses a sequence number, so for a remote stream a journal kept under _state/ stays valid.
        var streamFolder = stream is LocalRecordStream local ? local.Folder : Path.Combine(state, "stream", options.Stream.Name);
        _deliveryJournal = Path.Combine(streamFolder, "delivery", options.Deliver.StreamName + ".journal");
        _decorators = decorators ?? new PipelineDecorators();
        _delivery = delivery ?? new LocalFirehose(_decorators.StagingStore?.Invoke(store) ?? store, options.Deliver, options.Transform);

        // Only the calls go through the wrappers: every decision above and below is taken on the parts themselves.
        _processDelivery = _decorators.DeliveryStream?.Invoke(_delivery) ?? _delivery;
        _processStream = _decorators.RecordStream?.Invoke(stream) ?? stream;
    }

    /// <summary>The embedded stream (for status and tests).</summary>
    /// <exception cref="InvalidOperationException">The pipeline runs on another record stream (Kinesis).</exception>
    public LocalRecordStream Stream => _stream as LocalRecordStream
        ?? throw new InvalidOperationException($"The pipeline reads the record stream '{_stream.Name}', not the embedded one (Stream:Transport).");

    /// <summary>The record stream the pipeline writes and reads.</summary>
    public IRecordStream RecordStream => _stream;

    /// <summary>Runs after everything is staged (the load stage, when it exists); its result goes into the summary.</summary>
    public Func<CancellationToken, Task<object?>>? LoadAsync { get; set; }

    /// <summary>Drains everything available and returns what happened.</summary>
    public async Task<RunSummary> RunAsync(IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var summary = new RunSummary();
        var firehose = _ownsDelivery ? _delivery as LocalFirehose : null;
        var skippedBefore = firehose?.Statistics.RecordsAlreadyDelivered ?? 0;
        if (firehose is not null && !_journalOpen)
        {
            summary.RecordsFoundStaged = await firehose.OpenJournalAsync(_deliveryJournal, _options.Stream.FlushToDisk, cancellationToken).ConfigureAwait(false);
            _journalOpen = true;
        }

        var handlers = new ShardHandlers(() => new ProcessHandler(_store, _processDelivery, _options.Process) { HostFlushesRaw = true }, _decorators.ProcessElapsed);
        var (extracted, processed) = await ExtractAndProcessAsync(handlers, progress, cancellationToken).ConfigureAwait(false);
        summary.Files = extracted.Files;
        summary.FilesSkipped = extracted.FilesSkipped;
        summary.Records = extracted.Records;
        summary.RecordsFoundInStream = extracted.RecoveredRecords;
        summary.QuarantinedFiles.AddRange(extracted.QuarantinedFiles);
        summary.QuarantinedRecords.AddRange(extracted.QuarantinedRecords);
        summary.Stages.Add(new StageTiming("extract", extracted.Records, extracted.Elapsed));
        summary.RecordsProcessed = processed.Records;
        summary.RawObjects = handlers.RawObjectsWritten;
        summary.QuarantinedRecords.AddRange(processed.QuarantinedRecords);
        summary.Stages.Add(new StageTiming("process+deliver", processed.Records, processed.Elapsed));

        var flushClock = Stopwatch.StartNew();
        progress?.Report(new RunProgress("flush", 0));
        if (_delivery is LocalFirehose local)
        {
            await local.FlushAsync(cancellationToken).ConfigureAwait(false);
            var statistics = local.Statistics;
            summary.Delivery = statistics;
            summary.Rows = statistics.RowsWritten;
            summary.StagingBatches = statistics.StagingObjects;
            summary.RecordsFailedInTransform = statistics.RecordsFailed;
        }

        if (firehose is not null)
        {
            // Every shard is checkpointed at its end (the drain returned) and the buffer is empty: nothing delivered
            // so far can be replayed, so the journal has done its job.
            await firehose.ForgetDeliveredAsync(cancellationToken).ConfigureAwait(false);
            summary.RecordsSkippedAsStaged = firehose.Statistics.RecordsAlreadyDelivered - skippedBefore;
        }

        summary.Stages.Add(new StageTiming("flush", summary.Delivery?.RecordsDelivered ?? 0, flushClock.Elapsed));
        progress?.Report(new RunProgress("flush", summary.Stages[^1].Records));

        if (LoadAsync is { } load)
        {
            var loadClock = Stopwatch.StartNew();
            progress?.Report(new RunProgress("load", 0));
            summary.Load = await load(cancellationToken).ConfigureAwait(false);
            summary.Stages.Add(new StageTiming("load", summary.Rows, loadClock.Elapsed));
            progress?.Report(new RunProgress("load", summary.Rows));
        }

        summary.Elapsed = total.Elapsed;
        return summary;
    }

    /// <summary>Flushes and closes the embedded delivery stream, the embedded stream (when this pipeline opened it) and the ledger.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDelivery && _delivery is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsStream && _stream is IDisposable stream)
        {
            stream.Dispose();
        }

        _ledger.Dispose();
    }

    /// <summary>
    /// Runs extract and the event-source mapping side by side on the embedded stream: the mapping reads the shards
    /// while extract writes them, as a Kinesis consumer does, and finishes once extract has and every shard is
    /// drained. A failure of either cancels the other.
    /// </summary>
    private async Task<(ExtractSummary Extracted, EventSourceMappingSummary Processed)> ExtractAndProcessAsync(
        ShardHandlers handlers, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var extract = new ExtractStage(_store, _processStream, _ledger, _options.Extract, _options.Stream.MaxRecordBytes)
        {
            Progress = n => progress?.Report(new RunProgress("extract", n)),
        };

        // Its own task: the embedded stream's puts complete synchronously, so extract would otherwise hold this thread.
        // On Kinesis, extract finishes first: a consumer waiting at the tip polls, and GetRecords allows five calls a
        // second per shard.
        var extractEnded = _decorators.ExtractEnded;
        var extracting = Task.Run(
            async () =>
            {
                var extracted = await extract.RunAsync(both.Token).ConfigureAwait(false);
                extractEnded?.Invoke(extracted);
                return extracted;
            },
            both.Token);
        if (_stream is not LocalRecordStream)
        {
            await extracting.ConfigureAwait(false);
        }

        long handled = 0;
        var mapping = new LocalEventSourceMapping(_processStream, _checkpoints, _store, _options.Process, handlers.HandleAsync)
        {
            ProducerCompletion = extracting,
            TipSignal = _stream as Streaming.Internal.IPublishSignal,

            // Rounds end by size while extract runs: a shard that keeps up with extract would otherwise end a round
            // after each second at its tip, and each round writes one raw object per partition (at 1M records, twice
            // the raw objects). Ending a round no longer hurries the delivery stream, so it buys nothing.
            TipWait = TimeSpan.FromSeconds(10),
            ShardRounds = handlers.Rounds(_delivery as LocalFirehose, (long)_options.Process.RawRoundSizeInMBs << 20),

            // One stage at a time on the progress line: process shows once extract is done.
            Progress = n =>
            {
                Interlocked.Exchange(ref handled, n);
                if (extracting.IsCompleted)
                {
                    progress?.Report(new RunProgress("process", n));
                }
            },
        };
        var processing = mapping.DrainAsync(both.Token);

        var first = await Task.WhenAny(extracting, processing).ConfigureAwait(false);
        if (first.IsFaulted || first.IsCanceled)
        {
            await both.CancelAsync().ConfigureAwait(false);
            var other = first == extracting ? (Task)processing : extracting;
            try
            {
                await other.ConfigureAwait(false);
            }
            catch (Exception) when (other.IsCanceled || other.IsFaulted)
            {
                // The first failure is the one to report; the other stage only stopped because of it.
            }

            await first.ConfigureAwait(false);
        }

        var extracted = await extracting.ConfigureAwait(false);
        progress?.Report(new RunProgress("process", Interlocked.Read(ref handled)));
        var processed = await processing.ConfigureAwait(false);

        // The stage's last report is the count a progress line keeps.
        progress?.Report(new RunProgress("process", processed.Records));
        return (extracted, processed);
    }

    private static LocalRecordStream OpenEmbeddedStream(TributaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LocalRecordStream(Path.Combine(Path.GetFullPath(options.Storage.DataRoot), DataLayout.State, "stream"), options.Stream);
    }
}
