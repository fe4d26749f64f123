using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Extract;
using Tributary.Internal;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Records;
using Tributary.Streaming.Internal;

namespace Tributary.Runtime;

/// <summary>
/// The local stand-in for Lambda's Kinesis event-source mapping: reads each shard from its checkpoint (shards in
/// parallel, each in order), builds Kinesis events of up to <see cref="ProcessOptions.BatchSize"/> records, invokes
/// the function and checkpoints only after the batch succeeded. A failed batch is retried from the lowest failed
/// record (<c>batchItemFailures</c>), split in two when <see cref="ProcessOptions.BisectBatchOnFunctionError"/> is on
/// (splits do not use up retries), and after <see cref="ProcessOptions.MaximumRetryAttempts"/> retries its records
/// go to the on-failure destination with the error, and the shard moves on.
/// </summary>
public sealed partial class LocalEventSourceMapping
{
    private readonly IRecordStream _stream;
    private readonly IShardCheckpointStore _checkpoints;
    private readonly Func<IReadOnlyList<StreamRecord>, CancellationToken, Task<StreamsEventResponse>> _function;
    private readonly IObjectStore _store;
    private readonly ProcessOptions _options;
    private readonly string _streamArn;

    // How often a shard at its tip looks again while a producer runs: short next to a round, long next to a put.
    private static readonly TimeSpan ProducerPoll = TimeSpan.FromMilliseconds(20);

    // With a publish signal the shard wakes when records arrive; this only bounds a wait the signal somehow missed.
    private static readonly TimeSpan SignalledPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates a mapping from <paramref name="stream"/> to a function that takes Kinesis events, as Lambda invokes one.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="checkpoints">Where shard checkpoints are kept.</param>
    /// <param name="function">The function (for example <see cref="ProcessHandler.HandleAsync(KinesisEvent, CancellationToken)"/>).</param>
    /// <param name="store">Where the on-failure destination writes.</param>
    /// <param name="options">Batch size, retries, bisect, on-failure prefix.</param>
    /// <param name="region">The region the events name.</param>
    public LocalEventSourceMapping(
        IRecordStream stream,
        IShardCheckpointStore checkpoints,
        Func<KinesisEvent, CancellationToken, Task<StreamsEventResponse>> function,
        IObjectStore store,
        ProcessOptions options,
        string region = "local")
        : this(stream, checkpoints, store, options, region, ToEventFunction(function, region, stream))
    {
    }

    /// <summary>
    /// Creates a mapping from <paramref name="stream"/> to a function that takes the batch's records as read, with no
    /// Kinesis event built around them (normally <see cref="ProcessHandler.HandleRecordsAsync"/>, in process). Batches,
    /// retries, bisection and the on-failure destination work as for an event function.
    /// </summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="checkpoints">Where shard checkpoints are kept.</param>
    /// <param name="store">Where the on-failure destination writes.</param>
    /// <param name="options">Batch size, retries, bisect, on-failure prefix.</param>
    /// <param name="function">The function; failures name records by sequence number, as <c>batchItemFailures</c> do.</param>
    /// <param name="region">The region the on-failure destination's stream ARN names.</param>
    public LocalEventSourceMapping(
        IRecordStream stream,
        IShardCheckpointStore checkpoints,
        IObjectStore store,
        ProcessOptions options,
        Func<IReadOnlyList<StreamRecord>, CancellationToken, Task<StreamsEventResponse>> function,
        string region = "local")
        : this(stream, checkpoints, store, options, region, function)
    {
    }

    private LocalEventSourceMapping(
        IRecordStream stream,
        IShardCheckpointStore checkpoints,
        IObjectStore store,
        ProcessOptions options,
        string region,
        Func<IReadOnlyList<StreamRecord>, CancellationToken, Task<StreamsEventResponse>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        _stream = stream;
        _checkpoints = checkpoints;
        _function = function;
        _store = store;
        _options = options;
        _streamArn = StreamArn(region, stream);
        TipSignal = stream as IPublishSignal;
    }

    /// <summary>
    /// Tells a shard waiting at its tip for a running producer that records arrived, so it reads them at once instead
    /// of at its next poll (the embedded stream; a host that wraps the stream passes the unwrapped one's).
    /// </summary>
    internal IPublishSignal? TipSignal { get; set; }

    /// <summary>
    /// A producer still writing to the stream (extract, run side by side with the mapping). While it runs, a shard
    /// that reaches its tip waits for more records (in all at most <see cref="TipWait"/> per round) instead of
    /// cutting short batches and rounds, and <see cref="DrainAsync"/> returns only once it has completed and every
    /// shard is drained. Where rounds are cut does not change what is written: raw names come from each round's first
    /// records (a round starts at a checkpoint) and the delivery stream recognises replayed stream positions.
    /// </summary>
    public Task? ProducerCompletion { get; set; }

    /// <summary>How long a shard waits at its tip for a running producer, at most, before it ends its batch and round.</summary>
    public TimeSpan TipWait { get; set; } = TimeSpan.FromSeconds(1);

    private bool Producing => ProducerCompletion is { IsCompleted: false };

    /// <summary>
    /// Asked after each batch: when it returns true, the shard ends its round there (every shard does at its next
    /// batch), so the round checkpoints early. The host's bound on what it holds until a checkpoint (raw records).
    /// </summary>
    public Func<bool>? RoundFull { get; set; }

    /// <summary>Called after each checkpoint with the number of records handled so far.</summary>
    public Action<long>? Progress { get; set; }

    /// <summary>
    /// Called before checkpoints are written, with everything handled so far: the place to make forwarded records
    /// durable (flush an in-memory delivery stream), so a crash never loses a record behind a checkpoint.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeCheckpointAsync { get; set; }

    /// <summary>
    /// Processes every shard until it has nothing left to read. Shards run in parallel in rounds of at most
    /// <see cref="ProcessOptions.CheckpointIntervalRecords"/> records each; after each round
    /// <see cref="BeforeCheckpointAsync"/> runs and then the shards' checkpoints are written.
    /// </summary>
    public async Task<EventSourceMappingSummary> DrainAsync(CancellationToken cancellationToken = default)
    {
        if (ShardRounds is { } rounds)
        {
            return await DrainShardsAsync(rounds, cancellationToken).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var summary = new EventSourceMappingSummary();
        var shards = await _stream.ListShardsAsync(cancellationToken).ConfigureAwait(false);
        var positions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            positions[shard] = await _checkpoints.GetAsync(_options.ConsumerName, shard, cancellationToken).ConfigureAwait(false);
        }

        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = _options.MaxConcurrentShards > 0 ? _options.MaxConcurrentShards : Math.Max(1, shards.Count),
        };
        while (true)
        {
            // Read before the round: a producer that completes during it may have put records the round did not see.
            var producing = Producing;
            var reached = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(shards, parallel, async (shard, ct) =>
            {
                if (await DrainShardRoundAsync(shard, positions[shard], summary, RoundFull, ct).ConfigureAwait(false) is { } last)
                {
                    reached[shard] = last;
                }
            }).ConfigureAwait(false);
            if (reached.IsEmpty)
            {
                if (!producing)
                {
                    break;
                }

                await WaitForProducerAsync(new Stopwatch(), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (BeforeCheckpointAsync is { } flush)
            {
                await flush(cancellationToken).ConfigureAwait(false);
            }

            // A crash from here until the last checkpoint is written leaves records staged behind a stale checkpoint;
            // they are read and forwarded again, and the delivery stream must recognise them (the local one does, by
            // stream position, through its journal).
            foreach (var (shard, last) in reached)
            {
                await _checkpoints.SetAsync(_options.ConsumerName, shard, last, cancellationToken).ConfigureAwait(false);
                positions[shard] = last;
            }
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>Handles up to one round of a shard's records; returns the last sequence number handled, or null.</summary>
    private async Task<string?> DrainShardRoundAsync(
        string shard, string? checkpoint, EventSourceMappingSummary summary, Func<bool>? roundFull, CancellationToken cancellationToken)
    {
        var handledInRound = 0;
        string? last = null;
        var tipWait = new Stopwatch();
        while (handledInRound < _options.CheckpointIntervalRecords && !(handledInRound > 0 && roundFull is { } full && full()))
        {
            var page = await _stream.GetRecordsAsync(shard, last ?? checkpoint, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (page.Records.Count == 0)
            {
                if (handledInRound > 0 && Producing && tipWait.Elapsed < TipWait)
                {
                    await WaitForProducerAsync(tipWait, cancellationToken, shard, last ?? checkpoint).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            var batch = await FillBatchingWindowAsync(shard, page.Records, tipWait, cancellationToken).ConfigureAwait(false);

            lock (summary)
            {
                summary.Batches++;
            }

            var records = batch as List<StreamRecord> ?? [.. batch];
            await InvokeAsync(shard, records, 0, summary, cancellationToken).ConfigureAwait(false);
            last = batch[^1].SequenceNumber;
            handledInRound += records.Count;
            long handled;
            lock (summary)
            {
                summary.Records += records.Count;
                handled = summary.Records;
            }

            Progress?.Invoke(handled);
        }

        return last;
    }

    /// <summary>
    /// With a batching window, a short batch waits (polling the shard) until it is full or the window has passed,
    /// as Lambda's <c>MaximumBatchingWindowInSeconds</c> does.
    /// </summary>
    private async Task<IReadOnlyList<StreamRecord>> FillBatchingWindowAsync(string shard, IReadOnlyList<StreamRecord> first, Stopwatch tipWait, CancellationToken cancellationToken)
    {
        if (first.Count >= _options.BatchSize)
        {
            return first;
        }

        if (_options.MaximumBatchingWindowInSeconds == 0)
        {
            if (!Producing || tipWait.Elapsed >= TipWait)
            {
                return first;
            }

            // A producer is still writing: fill the batch from it rather than send a short one.
            var filling = new List<StreamRecord>(first);
            while (filling.Count < _options.BatchSize && Producing && tipWait.Elapsed < TipWait)
            {
                await WaitForProducerAsync(tipWait, cancellationToken, shard, filling[^1].SequenceNumber).ConfigureAwait(false);
                var more = await _stream.GetRecordsAsync(shard, filling[^1].SequenceNumber, _options.BatchSize - filling.Count, cancellationToken).ConfigureAwait(false);
                filling.AddRange(more.Records);
            }

            return filling;
        }

        var batch = new List<StreamRecord>(first);
        var deadline = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(_options.MaximumBatchingWindowInSeconds);
        while (batch.Count < _options.BatchSize && deadline.Elapsed < window)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, Math.Max(1, (window - deadline.Elapsed).TotalMilliseconds))), cancellationToken).ConfigureAwait(false);
            var more = await _stream.GetRecordsAsync(shard, batch[^1].SequenceNumber, _options.BatchSize - batch.Count, cancellationToken).ConfigureAwait(false);
            batch.AddRange(more.Records);
        }

        return batch;
    }

    /// <summary>
    /// Waits for the producer to put more (or to complete), adding the time waited to <paramref name="waited"/>. Given
    /// the shard and its position, and a <see cref="TipSignal"/>, it wakes as soon as records after the position are
    /// readable; otherwise it polls.
    /// </summary>
    private async Task WaitForProducerAsync(Stopwatch waited, CancellationToken cancellationToken, string? shard = null, string? after = null)
    {
        if (ProducerCompletion is { } producer)
        {
            var published = shard is not null && TipSignal is { } signal ? signal.WhenRecordsAfter(shard, after) : null;
            if (published is not { IsCompleted: true })
            {
                waited.Start();
                await (published is null
                    ? Task.WhenAny(producer, Task.Delay(ProducerPoll, cancellationToken))
                    : Task.WhenAny(producer, published, Task.Delay(SignalledPoll, cancellationToken))).ConfigureAwait(false);
                waited.Stop();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Invokes the function on <paramref name="records"/> until they all succeed or are sent to the on-failure destination.</summary>
    private async Task InvokeAsync(string shard, List<StreamRecord> records, int attempt, EventSourceMappingSummary summary, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (summary)
            {
                summary.Invocations++;
                if (attempt > 0)
                {
                    summary.Retries++;
                }
            }

            var (failedFrom, error) = await TryInvokeAsync(records, cancellationToken).ConfigureAwait(false);
            if (failedFrom < 0)
            {
                return;
            }

            // Lambda checkpoints before the lowest failed record and retries from there.
            var rest = records[failedFrom..];
            if (_options.BisectBatchOnFunctionError && rest.Count > 1)
            {
                var half = rest.Count / 2;
                await InvokeAsync(shard, rest[..half], attempt, summary, cancellationToken).ConfigureAwait(false);
                await InvokeAsync(shard, rest[half..], attempt, summary, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_options.MaximumRetryAttempts >= 0 && attempt >= _options.MaximumRetryAttempts)
            {
                foreach (var record in rest)
                {
                    await SendToOnFailureAsync(shard, record, attempt + 1, error, summary, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            records = rest;
            attempt++;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 10 << Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the index of the first record to retry (−1: all succeeded) and why.</summary>
    private async Task<(int FailedFrom, string Error)> TryInvokeAsync(List<StreamRecord> records, CancellationToken cancellationToken)
    {
        StreamsEventResponse response;
        try
        {
            response = await _function(records, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (0, $"function error: {ex.GetType().Name}: {ex.Message}");
        }

        if (response?.BatchItemFailures is not { Count: > 0 } failures)
        {
            return (-1, string.Empty);
        }

        var lowest = int.MaxValue;
        foreach (var failure in failures)
        {
            var index = string.IsNullOrEmpty(failure.ItemIdentifier) ? -1 : records.FindIndex(r => r.SequenceNumber == failure.ItemIdentifier);
            if (index < 0)
            {
                // As in Lambda, an empty, null or unknown identifier fails the whole batch.
                return (0, $"the function reported an invalid itemIdentifier '{failure.ItemIdentifier}'; the whole batch counts as failed");
            }

            lowest = Math.Min(lowest, index);
        }

        return (lowest, "the function reported the record in batchItemFailures");
    }

    private async Task SendToOnFailureAsync(string shard, StreamRecord record, int attempts, string error, EventSourceMappingSummary summary, CancellationToken cancellationToken)
    {
        var sequence = record.SequenceNumber;
        var key = $"{_options.OnFailurePrefix}{shard}/{sequence}.json";
        string? source = null;
        long? index = null;
        try
        {
            var envelope = RecordEnvelope.Parse(record.Data);
            source = envelope.Source;
            index = envelope.Index;
        }
        catch (JsonException)
        {
            // Not JSON: the destination still gets the raw data.
        }

        var content = new Dictionary<string, object?>
        {
            ["condition"] = "RetryAttemptsExhausted",
            ["error"] = error,
            ["attempts"] = attempts,
            ["streamArn"] = _streamArn,
            ["shardId"] = shard,
            ["sequenceNumber"] = sequence,
            ["partitionKey"] = record.PartitionKey,
            ["approximateArrivalTimestamp"] = record.ApproximateArrivalTimestamp,
            ["source"] = source,
            ["index"] = index,
            ["data"] = Convert.ToBase64String(record.Data.Span),
            ["timestamp"] = DateTimeOffset.UtcNow,
        };
        await _store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(content, ReasonJson.Options), cancellationToken).ConfigureAwait(false);
        lock (summary)
        {
            summary.QuarantinedRecords.Add(new QuarantinedRecord(source ?? shard, index?.ToString(CultureInfo.InvariantCulture) ?? sequence, key, error));
        }
    }

    private static string StreamArn(string region, IRecordStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return $"arn:aws:kinesis:{region}:000000000000:stream/{stream.Name}";
    }

    /// <summary>Wraps a function that takes Kinesis events: each invocation builds the event from the records.</summary>
    private static Func<IReadOnlyList<StreamRecord>, CancellationToken, Task<StreamsEventResponse>> ToEventFunction(
        Func<KinesisEvent, CancellationToken, Task<StreamsEventResponse>> function, string region, IRecordStream stream)
    {
        ArgumentNullException.ThrowIfNull(function);
        var streamArn = StreamArn(region, stream);
        return (records, ct) => function(new KinesisEvent { Records = [.. records.Select(r => ToEventRecord(r, region, streamArn))] }, ct);
    }

    private static KinesisEventRecord ToEventRecord(StreamRecord record, string region, string streamArn) => new()
    {
        EventId = $"{record.ShardId}:{record.SequenceNumber}",
        AwsRegion = region,
        EventSourceArn = streamArn,
        InvokeIdentityArn = "arn:aws:iam::000000000000:role/tributary-local",
        Kinesis = new KinesisData
        {
            PartitionKey = record.PartitionKey,
            SequenceNumber = record.SequenceNumber,
            Data = record.Data,
            ApproximateArrivalTimestamp = record.ApproximateArrivalTimestamp,
        },
    };
}
