using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Configuration;
using Tributary.Delivery.Internal;
using Tributary.Ports;
using Tributary.Telemetry;
using Tributary.Transform;

namespace Tributary.Delivery;

/// <summary>
/// The embedded delivery stream, with Kinesis Data Firehose semantics: records are buffered until the size or
/// interval hint is reached, transformed in invocations of at most the processor buffer size (failed invocations are
/// retried, then their records go to the error prefix), and the rows are staged as one Parquet object per delivery
/// under <c>staging/YYYY/MM/DD/HH/</c>.
/// </summary>
/// <remarks>
/// <para>
/// Records are buffered in memory: a caller that must not lose them in a crash (the process stage, before it
/// checkpoints its shard) calls <see cref="FlushAsync"/> first, or sets the interval to 0.
/// </para>
/// <para>
/// A buffer that reaches the size hint is delivered in the background while callers fill the next one; at most two
/// such deliveries run at a time (a put that fills a third buffer waits for the oldest), so that one's transform runs
/// while the other's staging object is written. <see cref="FlushAsync"/> returns once all are staged. A background
/// delivery that fails puts its records back in front of the buffer, and the next call throws its error.
/// </para>
/// <para>
/// Records are delivered at most once per stream position (the shard and sequence number their envelope carries): a
/// record put again at a position already accepted is acknowledged and skipped. With <see cref="OpenJournalAsync"/>
/// this holds across crashes: every staging or error object is announced in a journal before it is written, so a
/// restarted stream knows which replayed records are already staged. Records without a position (bare objects) are
/// delivered every time they are put.
/// </para>
/// </remarks>
public sealed partial class LocalFirehose : IDeliveryStream, IAsyncDisposable
{
    /// <summary>Firehose's limit on one <c>PutRecordBatch</c> call.</summary>
    public const int MaxRecordsPerBatch = 500;

    /// <summary>Firehose's limit on one record: 1,000 KiB.</summary>
    public const int MaxRecordBytes = 1000 * 1024;

    /// <summary>Firehose's limit on one <c>PutRecordBatch</c> call: 4 MiB.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    private readonly IObjectStore _store;
    private readonly DeliverOptions _options;
    private readonly ITransformFunction _transform;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<BufferedRecord> _buffer = [];
    private readonly ITimer? _timer;
    private readonly ShardNames _shardNames = new();
    private readonly Queue<(Task Delivery, ArraySegment<BufferedRecord> Records, RecordMemory Memory)> _background = new();
    private readonly Dictionary<string, SequenceRanges> _accepted = new(StringComparer.Ordinal);
    private DeliveryJournal? _journal;
    private RecordMemory _memory = new();
    private long _bufferedBytes;
    private long _nextRecordId;
    private ExceptionDispatchInfo? _backgroundFailure;
    private bool _disposed;

    private long _recordsReceived;
    private long _bytesReceived;
    private long _recordsDelivered;
    private long _recordsDropped;
    private long _recordsFailed;
    private long _rowsWritten;
    private long _stagingObjects;
    private long _errorObjects;
    private long _invocations;
    private long _failedInvocations;
    private long _recordsAlreadyDelivered;

    /// <summary>Creates a delivery stream that transforms with the in-process <see cref="TransformHandler"/>.</summary>
    public LocalFirehose(
        IObjectStore store,
        DeliverOptions options,
        TransformOptions transformOptions,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : this(store, options, new TransformHandler(transformOptions, loggerFactory?.CreateLogger<TransformHandler>()), timeProvider, loggerFactory)
    {
    }

    /// <summary>Creates a delivery stream that transforms with <paramref name="transform"/> (in process or remote).</summary>
    public LocalFirehose(
        IObjectStore store,
        DeliverOptions options,
        ITransformFunction transform,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<LocalFirehose>() ?? NullLogger.Instance;
        DeliveryStreamArn = $"arn:aws:firehose:local:000000000000:deliverystream/{options.StreamName}";
        if (options.BufferIntervalInSeconds > 0)
        {
            var period = TimeSpan.FromSeconds(Math.Min(1, options.BufferIntervalInSeconds));
            _timer = _time.CreateTimer(_ => _ = OnTimerAsync(), null, period, period);
        }
    }

    /// <inheritdoc />
    public string Name => _options.StreamName;

    /// <summary>The ARN the transformation events carry.</summary>
    public string DeliveryStreamArn { get; }

    /// <summary>A snapshot of what the stream has done so far.</summary>
    public DeliveryStatistics Statistics => new(
        Interlocked.Read(ref _recordsReceived),
        Interlocked.Read(ref _bytesReceived),
        Interlocked.Read(ref _recordsDelivered),
        Interlocked.Read(ref _recordsDropped),
        Interlocked.Read(ref _recordsFailed),
        Interlocked.Read(ref _rowsWritten),
        Interlocked.Read(ref _stagingObjects),
        Interlocked.Read(ref _errorObjects),
        Interlocked.Read(ref _invocations),
        Interlocked.Read(ref _failedInvocations),
        Interlocked.Read(ref _recordsAlreadyDelivered));

    /// <inheritdoc />
    /// <exception cref="ArgumentException">More than 500 records or 4 MiB in one call, as Firehose refuses.</exception>
    public async Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count > MaxRecordsPerBatch)
        {
            throw new ArgumentException($"PutRecordBatch takes at most {MaxRecordsPerBatch} records; this call has {records.Count}.", nameof(records));
        }

        long total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            total += records[i].Length;
        }

        if (total > MaxBatchBytes)
        {
            throw new ArgumentException($"PutRecordBatch takes at most {MaxBatchBytes} bytes; this call has {total}.", nameof(records));
        }

        var results = new string?[records.Count];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            if (_background.TryPeek(out var oldest) && oldest.Delivery.IsCompleted)
            {
                // Before this call's records: a failed background delivery puts its records back in front of them.
                await AwaitBackgroundDeliveryAsync(keep: _background.Count(d => !d.Delivery.IsCompleted)).ConfigureAwait(false);
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < records.Count; i++)
            {
                var data = records[i];
                if (data.Length > MaxRecordBytes)
                {
                    results[i] = $"Record {i} has {data.Length} bytes; a delivery-stream record holds at most {MaxRecordBytes} bytes (1,000 KiB).";
                    continue;
                }

                StreamPosition? position = null;
                if (StreamPosition.TryRead(data.Span, _shardNames, out var at))
                {
                    if (!Accept(at))
                    {
                        Interlocked.Increment(ref _recordsAlreadyDelivered);
                        continue;
                    }

                    position = at;
                }

                _buffer.Add(new BufferedRecord(++_nextRecordId, _memory.Add(data.Span), now, position));
                _bufferedBytes += data.Length;
                Interlocked.Increment(ref _recordsReceived);
                Interlocked.Add(ref _bytesReceived, data.Length);
            }

            TributaryMetrics.Deliver.RecordsAccepted(records.Count);
            TributaryMetrics.Deliver.SetBuffer(_bufferedBytes, _buffer.Count);
            if (_options.BufferIntervalInSeconds == 0)
            {
                await DeliverBufferAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (_bufferedBytes >= (long)_options.BufferSizeInMBs * 1024 * 1024)
            {
                await StartBackgroundDeliveryAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return results;
    }

    /// <summary>Delivers everything buffered now, whatever the hints say, and returns when it is staged.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            await DeliverBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes delivery exactly once per stream position across crashes: opens (or creates) the journal at
    /// <paramref name="path"/> and takes every record named by a journal line whose object exists as already
    /// delivered, so that a replay of it is skipped. Call it once, before the first put.
    /// </summary>
    /// <param name="path">The journal file (the local runtime uses <c>_state/delivery/&lt;stream&gt;.journal</c>).</param>
    /// <param name="flushToDisk">Whether each journal line is flushed to the disk, not only to the operating system.</param>
    /// <param name="cancellationToken">Cancels the existence checks.</param>
    /// <returns>How many records the journal proves delivered.</returns>
    public async Task<long> OpenJournalAsync(string path, bool flushToDisk = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            if (_journal is not null)
            {
                throw new InvalidOperationException($"Delivery stream {Name} already has a journal ({_journal.Path}).");
            }

            var (journal, entries) = DeliveryJournal.Open(path, flushToDisk);
            _journal = journal;
            var known = AcceptedCount();
            foreach (var entry in entries)
            {
                // The object is written whole or not at all after its line: when it is missing, its records were
                // not delivered, and the stream replays them because nothing was checkpointed past them.
                if (await _store.GetInfoAsync(entry.Key, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                foreach (var (shard, ranges) in entry.Positions)
                {
                    foreach (var (from, to) in ranges.Ranges)
                    {
                        AcceptedRanges(shard).AddRange(from, to);
                    }
                }
            }

            // Lines can repeat records: a crash between a line and its object, then the replay writes the same object.
            return AcceptedCount() - known;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Delivers what is buffered, then forgets every stream position accepted so far and empties the journal. Call it
    /// when every record put so far is behind a consumer checkpoint, so none of them can be replayed.
    /// </summary>
    public async Task ForgetDeliveredAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            await DeliverBufferAsync(cancellationToken).ConfigureAwait(false);
            _accepted.Clear();
            _journal?.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the interval timer and delivers what is buffered.</summary>
    /// <exception cref="Exception">The last delivery failed (for example the object store refused the write).</exception>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A failed background delivery left its records in the buffer: try once more, and let a caller that
            // disposes without flushing hear about it rather than lose them silently.
            _backgroundFailure = null;
            try
            {
                await AwaitBackgroundDeliveryAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Delivery stream {Name} could not deliver a buffer in the background; trying once more", Name);
            }

            await DeliverBufferAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            _journal?.Dispose();
            DisposeChunks();
            _memory.Dispose();
            _gate.Release();
        }
    }

    /// <summary>Marks a stream position accepted; false when it already was (the record is a replay).</summary>
    private bool Accept(StreamPosition position) => AcceptedRanges(position.Shard).Add(position.Sequence);

    private long AcceptedCount() => _accepted.Values.Sum(r => r.Count);

    private SequenceRanges AcceptedRanges(string shard)
    {
        if (!_accepted.TryGetValue(shard, out var ranges))
        {
            ranges = _accepted[shard] = new SequenceRanges();
        }

        return ranges;
    }

    private async Task OnTimerAsync()
    {
        if (_disposed || !await _gate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (_disposed || _backgroundFailure is not null || _buffer.Count == 0)
            {
                return;
            }

            var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - _buffer[0].ArrivalMilliseconds;
            if (age >= _options.BufferIntervalInSeconds * 1000L)
            {
                await DeliverBufferAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // Nobody awaits the timer: keep the failure for the next caller, who must learn that staging is failing.
            _logger.LogError(e, "Delivery stream {Name} could not deliver its buffer", Name);
            _backgroundFailure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_backgroundFailure is { } failure)
        {
            _backgroundFailure = null;
            failure.Throw();
        }
    }
}
