namespace Tributary.Monitoring;

/// <summary>How far a consumer is behind on one shard of the embedded stream.</summary>
/// <param name="Shard">The shard id.</param>
/// <param name="Consumer">The consumer (the event-source mapping's name).</param>
/// <param name="LastSequence">The shard's newest sequence number (0 when empty).</param>
/// <param name="Checkpoint">The consumer's checkpoint (0 when never checkpointed).</param>
/// <param name="LagRecords">Records written but not processed.</param>
/// <param name="OldestUnprocessedArrival">When the oldest unprocessed record arrived, when there is one.</param>
public sealed record ShardLag(string Shard, string Consumer, long LastSequence, long Checkpoint, long LagRecords, DateTimeOffset? OldestUnprocessedArrival)
{
    /// <summary>Milliseconds between <paramref name="now"/> and the oldest unprocessed record's arrival (0 when none).</summary>
    public double LagMilliseconds(DateTimeOffset now) =>
        OldestUnprocessedArrival is { } arrival ? Math.Max(0, (now - arrival).TotalMilliseconds) : 0;
}
