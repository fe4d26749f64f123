namespace Tributary.Aws.Internal.Http;

/// <summary>
/// The put loop that Kinesis PutRecords and Firehose PutRecordBatch share: both accept a batch, answer per entry, and
/// may reject some entries (throttling) while accepting the rest. Only the rejected entries are sent again, after
/// backoff, so an accepted record is never written twice by a retry.
/// </summary>
internal static class PartialFailureRetry
{
    /// <summary>
    /// Sends <paramref name="pending"/> (indexes into the caller's entries) in calls of at most
    /// <paramref name="maxCount"/> entries and <paramref name="maxBytes"/> bytes, in order, and records each entry's
    /// latest result in <paramref name="results"/>; entries whose result <paramref name="failed"/> says so are retried
    /// up to the policy's retries, after which their last failure stays in <paramref name="results"/>.
    /// </summary>
    public static async Task PutAsync<TResult>(
        List<int> pending,
        TResult[] results,
        Func<int, int> sizeOf,
        int maxCount,
        int maxBytes,
        Func<List<int>, CancellationToken, Task<IReadOnlyList<TResult>>> send,
        Func<TResult, bool> failed,
        BackoffPolicy retry,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await retry.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }

            var rejected = new List<int>();
            foreach (var chunk in Chunk(pending, sizeOf, maxCount, maxBytes))
            {
                var response = await send(chunk, cancellationToken).ConfigureAwait(false);
                for (var j = 0; j < chunk.Count; j++)
                {
                    results[chunk[j]] = response[j];
                    if (failed(response[j]))
                    {
                        rejected.Add(chunk[j]);
                    }
                }
            }

            if (attempt >= retry.MaxRetries)
            {
                break;
            }

            pending = rejected;
        }
    }

    private static IEnumerable<List<int>> Chunk(List<int> pending, Func<int, int> sizeOf, int maxCount, int maxBytes)
    {
        var chunk = new List<int>();
        var bytes = 0;
        foreach (var index in pending)
        {
            var size = sizeOf(index);
            if (chunk.Count > 0 && (chunk.Count == maxCount || bytes + size > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(index);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
