using System.Buffers;
using Microsoft.Extensions.Logging;
using Tributary.Delivery.Internal;
using Tributary.Telemetry;
using Tributary.Transform;

namespace Tributary.Delivery;

public sealed partial class LocalFirehose
{
    private const string LambdaArn = "arn:aws:lambda:local:000000000000:function:tributary-transform";

    // Two: a delivery's transform runs its invocations side by side, but its staging write is one thread; the next
    // delivery's transform keeps the other core busy meanwhile, and callers keep filling a third buffer.
    private const int MaxBackgroundDeliveries = 2;

    /// <summary>
    /// Transforms and stages the whole buffer, after the delivery in the background (if any) is done. The buffer is
    /// only emptied once staging succeeded, so a failed write leaves the records in place for the next attempt (the
    /// transformation is deterministic). Call it holding the gate.
    /// </summary>
    private async Task DeliverBufferAsync(CancellationToken cancellationToken)
    {
        await AwaitBackgroundDeliveryAsync().ConfigureAwait(false);
        if (_buffer.Count == 0)
        {
            return;
        }

        var records = CopyBuffer();
        try
        {
            await DeliverAsync(records, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReturnCopy(records);
        }

        var memory = TakeBuffer();
        memory.Dispose();
    }

    /// <summary>
    /// Hands the whole buffer to a delivery in the background, so that callers keep filling the next buffer while it
    /// is transformed and staged. At most <see cref="MaxBackgroundDeliveries"/> run at a time: this waits for the oldest
    /// first when that many do (which bounds memory to that many buffers and the one filling). Call it holding the gate.
    /// </summary>
    private async Task StartBackgroundDeliveryAsync()
    {
        await AwaitBackgroundDeliveryAsync(keep: MaxBackgroundDeliveries - 1).ConfigureAwait(false);
        if (_buffer.Count == 0)
        {
            return;
        }

        var records = CopyBuffer();
        var memory = TakeBuffer();
        _background.Enqueue((Task.Run(async () =>
        {
            await DeliverAsync(records, CancellationToken.None).ConfigureAwait(false);
            memory.Dispose();
        }), records, memory));
    }

    /// <summary>
    /// Waits for the deliveries in the background, oldest first, until at most <paramref name="keep"/> still run. When
    /// one failed, every other one is waited for too, the records of those that failed go back to the front of the
    /// buffer (in acceptance order, so a retry stages the same objects) and the first failure is thrown. Call it
    /// holding the gate.
    /// </summary>
    private async Task AwaitBackgroundDeliveryAsync(int keep = 0)
    {
        while (_background.Count > keep)
        {
            var oldest = _background.Peek();
            try
            {
                await oldest.Delivery.ConfigureAwait(false);
                _background.Dequeue();
                ReturnCopy(oldest.Records);
            }
            catch
            {
                await PutBackFailedDeliveriesAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Waits for every delivery in the background and puts the records of those that failed back in front of the buffer.</summary>
    private async Task PutBackFailedDeliveriesAsync()
    {
        var failed = new List<BufferedRecord>();
        long failedBytes = 0;
        while (_background.TryDequeue(out var delivery))
        {
            try
            {
                await delivery.Delivery.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Its records were not delivered: they are delivered again with the buffer (the first failure is thrown).
                failed.AddRange(delivery.Records);
                failedBytes += delivery.Records.Sum(r => (long)r.Data.Length);
                _memory.Adopt(delivery.Memory);
            }
            finally
            {
                ReturnCopy(delivery.Records);
            }
        }

        _buffer.InsertRange(0, failed);
        _bufferedBytes += failedBytes;
        TributaryMetrics.Deliver.SetBuffer(_bufferedBytes, _buffer.Count);
    }

    /// <summary>
    /// The buffered records in a pooled array: a buffer of thousands of records would otherwise be a new array on the
    /// large object heap at every delivery. Give it back with <see cref="ReturnCopy"/> once the delivery is over.
    /// </summary>
    private ArraySegment<BufferedRecord> CopyBuffer()
    {
        var copy = ArrayPool<BufferedRecord>.Shared.Rent(_buffer.Count);
        _buffer.CopyTo(copy);
        return new ArraySegment<BufferedRecord>(copy, 0, _buffer.Count);
    }

    private static void ReturnCopy(ArraySegment<BufferedRecord> records) => ArrayPool<BufferedRecord>.Shared.Return(records.Array!, clearArray: true);

    /// <summary>Empties the buffer; returns the memory of its records, which the caller disposes once they are delivered.</summary>
    private RecordMemory TakeBuffer()
    {
        var memory = _memory;
        _memory = new RecordMemory();
        _buffer.Clear();
        _bufferedBytes = 0;
        TributaryMetrics.Deliver.SetBuffer(0, 0);
        return memory;
    }

    /// <summary>Transforms and stages <paramref name="buffered"/>; touches no buffer state, so it may run in the background.</summary>
    private async Task DeliverAsync(ArraySegment<BufferedRecord> buffered, CancellationToken cancellationToken)
    {
        if (_transform is TransformHandler inProcess)
        {
            await DeliverInProcessAsync(buffered, inProcess, cancellationToken).ConfigureAwait(false);
            MarkDelivered(buffered);
            return;
        }

        var records = buffered.ToArray();
        var delivered = new List<DeliveredRecord>(records.Length);
        var failed = new List<FailedRecord>();
        var dropped = 0;
        foreach (var invocation in await TransformAllAsync(records, cancellationToken).ConfigureAwait(false))
        {
            delivered.AddRange(invocation.Delivered);
            failed.AddRange(invocation.Failed);
            dropped += invocation.Dropped;
        }

        long rows = 0;
        if (delivered.Count > 0)
        {
            rows = await WriteStagingAsync(delivered, failed, cancellationToken).ConfigureAwait(false);
        }

        if (failed.Count > 0)
        {
            await WriteErrorOutputAsync(failed, cancellationToken).ConfigureAwait(false);
            TributaryMetrics.Deliver.RecordsFailed(failed.Count);
        }

        Interlocked.Add(ref _recordsDelivered, delivered.Count);
        Interlocked.Add(ref _recordsDropped, dropped);
        Interlocked.Add(ref _recordsFailed, failed.Count);
        Interlocked.Add(ref _rowsWritten, rows);
        MarkDelivered(buffered);
    }

    /// <summary>
    /// Runs the invocations of one delivery side by side, as Firehose invokes its transformation concurrently; the
    /// results stay in invocation order, so the staging object (and its content-derived name) does not change.
    /// </summary>
    private async Task<InvocationOutcome[]> TransformAllAsync(BufferedRecord[] records, CancellationToken cancellationToken)
    {
        var invocations = SplitForInvocations(records).Select(s => s.ToArray()).ToArray();
        var outcomes = new InvocationOutcome[invocations.Length];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(Enumerable.Range(0, invocations.Length), parallel, async (i, ct) =>
        {
            var outcome = new InvocationOutcome(new List<DeliveredRecord>(invocations[i].Length), []);
            outcome.Dropped = await TransformAsync(invocations[i], outcome.Delivered, outcome.Failed, ct).ConfigureAwait(false);
            outcomes[i] = outcome;
        }).ConfigureAwait(false);
        return outcomes;
    }

    private IEnumerable<ArraySegment<BufferedRecord>> SplitForInvocations(ArraySegment<BufferedRecord> records)
    {
        var limit = (long)(_options.ProcessorBufferSizeInMBs * 1024 * 1024);
        var start = 0;
        long size = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (i > start && size + records[i].Data.Length > limit)
            {
                yield return records.Slice(start, i - start);
                start = i;
                size = 0;
            }

            size += records[i].Data.Length;
        }

        yield return records.Slice(start);
    }

    /// <summary>Invokes the transformation with retries; sorts the records into delivered and failed; returns the dropped count.</summary>
    private async Task<int> TransformAsync(
        BufferedRecord[] records,
        List<DeliveredRecord> delivered,
        List<FailedRecord> failed,
        CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(_options.RetryBackoffMilliseconds);
        var attempts = 0;
        while (true)
        {
            attempts++;
            string reason;
            Interlocked.Increment(ref _invocations);
            try
            {
                var response = await _transform.InvokeAsync(ToEvent(records), cancellationToken).ConfigureAwait(false);
                var problem = CheckResponse(records, response);
                if (problem is null)
                {
                    return await SortResultsAsync(records, response, attempts, delivered, failed, cancellationToken).ConfigureAwait(false);
                }

                reason = problem;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                reason = $"The transform invocation failed: {e.Message}";
            }

            Interlocked.Increment(ref _failedInvocations);
            var elapsed = _time.GetElapsedTime(started);
            if (attempts > _options.NumberOfRetries || elapsed >= TimeSpan.FromSeconds(_options.RetryDurationInSeconds))
            {
                _logger.LogWarning(
                    "Delivery stream {Name}: {Count} records go to the error prefix after {Attempts} attempts: {Reason}",
                    Name, records.Length, attempts, reason);
                var ending = _time.GetUtcNow().ToUnixTimeMilliseconds();
                failed.AddRange(records.Select(r => new FailedRecord(r, attempts, TransformErrorCodes.InvocationFailed, reason, ending)));
                return 0;
            }

            _logger.LogInformation("Delivery stream {Name}: retrying a failed transform invocation ({Reason})", Name, reason);
            if (backoff > TimeSpan.Zero)
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task<int> SortResultsAsync(
        BufferedRecord[] records,
        FirehoseTransformationResponse response,
        int attempts,
        List<DeliveredRecord> delivered,
        List<FailedRecord> failed,
        CancellationToken cancellationToken)
    {
        var byId = records.ToDictionary(r => r.RecordId, StringComparer.Ordinal);
        var again = new List<BufferedRecord>();
        var dropped = 0;
        var ending = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var result in response.Records)
        {
            var record = byId[result.RecordId];
            switch (result.Result)
            {
                case TransformResult.Ok:
                    delivered.Add(new DeliveredRecord(record, result.Data, attempts));
                    break;
                case TransformResult.Dropped:
                    dropped++;
                    break;
                case TransformResult.ProcessingFailed when result.ErrorCode == TransformErrorCodes.ResponseTooLarge:
                    again.Add(record);
                    break;
                default:
                    failed.Add(new FailedRecord(
                        record,
                        attempts,
                        result.ErrorCode ?? "Lambda.ProcessingFailedStatus",
                        result.ErrorMessage ?? "The transformation answered ProcessingFailed for this record.",
                        ending));
                    break;
            }
        }

        if (again.Count == 0)
        {
            return dropped;
        }

        if (again.Count == records.Length)
        {
            // No progress: the handler would answer the same again.
            failed.AddRange(again.Select(r => new FailedRecord(
                r, attempts, TransformErrorCodes.ResponseTooLarge, "The transformation's response exceeds its limit even for a single record.", ending)));
            return dropped;
        }

        // The response limit cut this invocation short: the rest goes in a new invocation, as if split.
        return dropped + await TransformAsync([.. again], delivered, failed, cancellationToken).ConfigureAwait(false);
    }

    private static string? CheckResponse(BufferedRecord[] records, FirehoseTransformationResponse? response)
    {
        if (response?.Records is null)
        {
            return "The transform invocation returned no records.";
        }

        if (response.Records.Count != records.Length)
        {
            return $"The transform invocation returned {response.Records.Count} results for {records.Length} records.";
        }

        var expected = new HashSet<string>(records.Select(r => r.RecordId), StringComparer.Ordinal);
        foreach (var result in response.Records)
        {
            if (result is null || !expected.Remove(result.RecordId))
            {
                return $"The transform invocation returned an unknown or repeated record id '{result?.RecordId}'.";
            }
        }

        return null;
    }

    private FirehoseTransformationEvent ToEvent(BufferedRecord[] records) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        DeliveryStreamArn = DeliveryStreamArn,
        Region = "local",
        Records = [.. records.Select(r => new FirehoseTransformationRecord
        {
            RecordId = r.RecordId,
            ApproximateArrivalTimestamp = r.ArrivalMilliseconds,
            Data = r.Data.ToArray(),
        })],
    };
}
