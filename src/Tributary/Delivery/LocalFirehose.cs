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
/// Records are buffered in memory: a caller that must not lose them in a crash (the process stage, before it
/// checkpoints its shard) calls <see cref="FlushAsync"/> first, or sets the interval to 0.
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
        Interlocked.Read(ref _failedInvocations));

    /// <inheritdoc />
    /// <exception cref="ArgumentException">More than 500 records or 4 MiB in one call, as Firehose refuses.</exception>
    public async Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count > MaxRecordsPerBatch)
        {
            throw new ArgumentException($"PutRecordBatch takes at most {MaxRecordsPerBatch} records; this call has {records.Count}.", nameof(records));
        }

        var total = records.Sum(r => (long)r.Length);
        if (total > MaxBatchBytes)
        {
            throw new ArgumentException($"PutRecordBatch takes at most {MaxBatchBytes} bytes; this call has {total}.", nameof(records));
        }

        var results = new string?[records.Count];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < records.Count; i++)
            {
                var data = records[i];
                if (data.Length > MaxRecordBytes)
                {
                    results[i] = $"Record {i} has {data.Length} bytes; a delivery-stream record holds at most {MaxRecordBytes} bytes (1,000 KiB).";
                    continue;
                }

                var id = (++_nextRecordId).ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
                _buffer.Add(new BufferedRecord(id, data.ToArray(), now));
                _bufferedBytes += data.Length;
                Interlocked.Increment(ref _recordsReceived);
                Interlocked.Add(ref _bytesReceived, data.Length);
            }

            TributaryMetrics.Deliver.RecordsAccepted(records.Count);
            TributaryMetrics.Deliver.SetBuffer(_bufferedBytes, _buffer.Count);
            if (_options.BufferIntervalInSeconds == 0 || _bufferedBytes >= (long)_options.BufferSizeInMBs * 1024 * 1024)
            {
                await DeliverBufferAsync(cancellationToken).ConfigureAwait(false);
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
            await DeliverBufferAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            _gate.Release();
        }
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
