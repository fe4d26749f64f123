namespace Tributary.Ports;

/// <summary>
/// Remembers, per consumer and shard, the sequence number of the last record fully processed. Embedded: files
/// written atomically under <c>_state/stream/</c>. At scale: a DynamoDB table, as the Kinesis Client Library keeps leases.
/// </summary>
public interface IShardCheckpointStore
{
    /// <summary>Returns the last checkpointed sequence number, or <see langword="null"/> when the shard was never checkpointed.</summary>
    Task<string?> GetAsync(string consumer, string shardId, CancellationToken cancellationToken = default);

    /// <summary>Records that every record up to and including <paramref name="sequenceNumber"/> was processed.</summary>
    Task SetAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken = default);
}
