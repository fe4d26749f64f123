namespace Tributary.Streaming.Internal;

/// <summary>What one sync round of a shard covers: the file to sync, and what readers may see once it is synced.</summary>
/// <param name="Writer">The active segment's file.</param>
/// <param name="Segment">The active segment.</param>
/// <param name="Length">The segment's length the round makes durable.</param>
/// <param name="Sequence">The last record the round makes durable.</param>
/// <param name="Arrival">That record's arrival time (Unix milliseconds).</param>
internal readonly record struct PendingSync(FileStream Writer, ShardSegment Segment, long Length, long Sequence, long Arrival);
