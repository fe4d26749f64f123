using Tributary.Transform.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>
/// What one in-process invocation produced: its rows (in a chunk), the records it was given, and the failed ones;
/// the delivered records are the others, in order.
/// </summary>
internal sealed class InProcessOutcome(StagingChunk? chunk, ArraySegment<BufferedRecord> delivering, List<FailedRecord> failed, List<int>? failedIndexes = null)
{
    public StagingChunk? Chunk { get; } = chunk;

    public List<FailedRecord> Failed { get; } = failed;

    public int DeliveredCount => delivering.Count - (failedIndexes?.Count ?? 0);

    /// <summary>The records whose rows are in the chunk, in order.</summary>
    public IEnumerable<BufferedRecord> Delivered
    {
        get
        {
            var next = 0;
            for (var i = 0; i < delivering.Count; i++)
            {
                if (failedIndexes is not null && next < failedIndexes.Count && failedIndexes[next] == i)
                {
                    next++;
                    continue;
                }

                yield return delivering[i];
            }
        }
    }

    /// <summary>Sorts the invocation's records into delivered and failed (<paramref name="failures"/> are in record order).</summary>
    public static InProcessOutcome Sort(ArraySegment<BufferedRecord> records, StagingChunk chunk, List<InProcessFailure> failures, int attempts, long ending)
    {
        var failed = new List<FailedRecord>(failures.Count);
        var indexes = new List<int>(failures.Count);
        foreach (var failure in failures)
        {
            failed.Add(new FailedRecord(records[failure.Index], attempts, failure.ErrorCode, failure.ErrorMessage, ending));
            indexes.Add(failure.Index);
        }

        return new InProcessOutcome(chunk, records, failed, indexes);
    }
}
