using Tributary.Transform.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>What one in-process invocation produced: its rows (in a chunk), the records they came from, and the failed ones.</summary>
internal sealed class InProcessOutcome(StagingChunk? chunk, List<BufferedRecord> delivered, List<FailedRecord> failed)
{
    public StagingChunk? Chunk { get; } = chunk;

    public List<BufferedRecord> Delivered { get; } = delivered;

    public List<FailedRecord> Failed { get; } = failed;

    /// <summary>Sorts the invocation's records into delivered and failed (<paramref name="failures"/> are in record order).</summary>
    public static InProcessOutcome Sort(BufferedRecord[] records, StagingChunk chunk, List<InProcessFailure> failures, int attempts, long ending)
    {
        var delivered = new List<BufferedRecord>(records.Length - failures.Count);
        var failed = new List<FailedRecord>(failures.Count);
        var next = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (next < failures.Count && failures[next].Index == i)
            {
                failed.Add(new FailedRecord(records[i], attempts, failures[next].ErrorCode, failures[next].ErrorMessage, ending));
                next++;
            }
            else
            {
                delivered.Add(records[i]);
            }
        }

        return new InProcessOutcome(chunk, delivered, failed);
    }
}
