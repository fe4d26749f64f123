namespace Tributary.Ports;

/// <summary>
/// The record-stream port, with Kinesis Data Streams semantics: records are routed to shards by the MD5 hash of their
/// partition key and get increasing sequence numbers per shard. Embedded: a durable sharded log under
/// <c>_state/stream/</c>. At scale: a Kinesis data stream.
/// </summary>
public interface IRecordStream
{
    /// <summary>The stream's name (used in ARNs, metrics and messages).</summary>
    string Name { get; }

    /// <summary>Lists the stream's open shards, ordered by shard id.</summary>
    Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends up to 500 records (5 MiB in all) in one call. Each entry succeeds or fails on its own, as in Kinesis
    /// <c>PutRecords</c>; callers retry only the failed entries.
    /// </summary>
    Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="limit"/> records of a shard that follow <paramref name="afterSequenceNumber"/>
    /// (from the oldest retained record when it is <see langword="null"/>), in sequence order.
    /// </summary>
    Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default);
}
