using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tributary.Delivery.Internal;
using Tributary.Telemetry;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Delivery;

public sealed partial class LocalFirehose
{
    // A delivery of the default 5 MiB buffer makes about six invocations of 1 MiB; their chunks are reused.
    private const int MaxPooledChunks = 8;

    private readonly ConcurrentBag<StagingChunk> _chunks = [];

    /// <summary>
    /// Delivers with the in-process <see cref="TransformHandler"/>: each invocation flattens its records straight into
    /// staging columns, and the staging object is written from those columns (no JSON rows written and read back).
    /// The schema, values, errors and invocation splitting are those of a remote transform; the object is named from
    /// the oldest row's stream arrival time and a hash of the delivered records (their stream positions, lengths and
    /// CRC-32C; a bare record's bytes), so a replay rewrites the same key.
    /// </summary>
    private async Task DeliverInProcessAsync(ArraySegment<BufferedRecord> records, TransformHandler handler, CancellationToken cancellationToken)
    {
        var invocations = SplitForInvocations(records).ToArray();
        var outcomes = new InProcessOutcome?[invocations.Length];
        try
        {
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
            await Parallel.ForEachAsync(Enumerable.Range(0, invocations.Length), parallel, async (i, ct) =>
                outcomes[i] = await TransformInProcessAsync(invocations[i], handler, ct).ConfigureAwait(false)).ConfigureAwait(false);

            var delivered = outcomes.SelectMany(o => o!.Delivered);
            var deliveredCount = 0;
            var failed = new List<FailedRecord>();
            var chunks = new List<StagingChunk>(outcomes.Length);
            var oldest = long.MaxValue;
            foreach (var outcome in outcomes)
            {
                deliveredCount += outcome!.DeliveredCount;
                failed.AddRange(outcome.Failed);
                if (outcome.Chunk is { } chunk)
                {
                    chunks.Add(chunk);
                    oldest = Math.Min(oldest, chunk.OldestArrival);
                }
            }

            long rows = 0;
            if (deliveredCount > 0)
            {
                var key = ObjectNames.Build(
                    _options.StagingPrefix,
                    _options.StreamName,
                    _options.StreamVersion,
                    DateTimeOffset.FromUnixTimeMilliseconds(oldest == long.MaxValue ? delivered.Min(r => r.ArrivalMilliseconds) : oldest),
                    ObjectNames.RecordsId(delivered),
                    ".parquet");
                rows = await WriteStagingAsync(key, delivered, deliveredCount, output => StagingChunkWriter.Write(output, chunks), cancellationToken)
                    .ConfigureAwait(false);
            }

            if (failed.Count > 0)
            {
                await WriteErrorOutputAsync(failed, cancellationToken).ConfigureAwait(false);
                TributaryMetrics.Deliver.RecordsFailed(failed.Count);
            }

            Interlocked.Add(ref _recordsDelivered, deliveredCount);
            Interlocked.Add(ref _recordsFailed, failed.Count);
            Interlocked.Add(ref _rowsWritten, rows);
        }
        finally
        {
            foreach (var outcome in outcomes)
            {
                if (outcome?.Chunk is { } chunk)
                {
                    ReturnChunk(chunk);
                }
            }
        }
    }

    /// <summary>One in-process invocation, retried as a remote one would be when it throws.</summary>
    private async Task<InProcessOutcome> TransformInProcessAsync(ArraySegment<BufferedRecord> records, TransformHandler handler, CancellationToken cancellationToken)
    {
        // About 1,800 records of 40 bytes per 1 MiB invocation: rented, as a new array each was 46 bytes per record.
        var inputs = ArrayPool<InProcessRecord>.Shared.Rent(records.Count);
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                inputs[i] = new InProcessRecord(records[i].Data, records[i].ArrivalMilliseconds, records[i].Id, Pinned: true);
            }

            return await TransformInProcessAsync(records, inputs.AsMemory(0, records.Count), handler, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The inputs point into the delivery buffer's blocks: cleared so the pool does not keep them reachable.
            ArrayPool<InProcessRecord>.Shared.Return(inputs, clearArray: true);
        }
    }

    private async Task<InProcessOutcome> TransformInProcessAsync(
        ArraySegment<BufferedRecord> records, ReadOnlyMemory<InProcessRecord> inputs, TransformHandler handler, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(_options.RetryBackoffMilliseconds);
        var attempts = 0;
        while (true)
        {
            attempts++;
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = RentChunk();
            string reason;
            try
            {
                var failures = new List<InProcessFailure>();
                Interlocked.Add(ref _invocations, handler.TransformInto(inputs.Span, chunk, failures));
                return InProcessOutcome.Sort(records, chunk, failures, attempts, _time.GetUtcNow().ToUnixTimeMilliseconds());
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                ReturnChunk(chunk);
                Interlocked.Increment(ref _invocations);
                reason = $"The transform invocation failed: {e.Message}";
            }
            catch
            {
                ReturnChunk(chunk);
                throw;
            }

            Interlocked.Increment(ref _failedInvocations);
            if (attempts > _options.NumberOfRetries || _time.GetElapsedTime(started) >= TimeSpan.FromSeconds(_options.RetryDurationInSeconds))
            {
                _logger.LogWarning(
                    "Delivery stream {Name}: {Count} records go to the error prefix after {Attempts} attempts: {Reason}",
                    Name, records.Count, attempts, reason);
                var ending = _time.GetUtcNow().ToUnixTimeMilliseconds();
                return new InProcessOutcome(
                    null, ArraySegment<BufferedRecord>.Empty, [.. records.Select(r => new FailedRecord(r, attempts, TransformErrorCodes.InvocationFailed, reason, ending))]);
            }

            _logger.LogInformation("Delivery stream {Name}: retrying a failed transform invocation ({Reason})", Name, reason);
            if (backoff > TimeSpan.Zero)
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private StagingChunk RentChunk() => _chunks.TryTake(out var chunk) ? chunk : new StagingChunk();

    private void ReturnChunk(StagingChunk chunk)
    {
        chunk.Reset();
        if (_chunks.Count < MaxPooledChunks)
        {
            _chunks.Add(chunk);
        }
        else
        {
            chunk.Dispose();
        }
    }

    private void DisposeChunks()
    {
        while (_chunks.TryTake(out var chunk))
        {
            chunk.Dispose();
        }
    }
}
