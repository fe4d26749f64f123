namespace Tributary.Transform.Internal;

/// <summary>A record handed to the transformation in process, without a transformation event around it.</summary>
/// <param name="Data">The record's bytes.</param>
/// <param name="ApproximateArrivalTimestamp">When the delivery stream accepted it, in epoch milliseconds.</param>
/// <param name="RecordId">Its id in the delivery stream (written as 20 digits where a record id is shown).</param>
/// <param name="Pinned">Whether <paramref name="Data"/> is pinned memory that outlives the sink's rows (then it is not copied).</param>
internal readonly record struct InProcessRecord(ReadOnlyMemory<byte> Data, long ApproximateArrivalTimestamp, long RecordId, bool Pinned = false);
