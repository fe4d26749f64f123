namespace Tributary.Streaming.Internal;

/// <summary>
/// Marks a record stream that can tell a reader at a shard's tip when more records become readable, so the reader
/// waits for them instead of polling (the embedded stream publishes records as each sync round makes them durable).
/// </summary>
internal interface IPublishSignal
{
    /// <summary>Completes once the shard holds records after <paramref name="afterSequenceNumber"/> (null: any record).</summary>
    Task WhenRecordsAfter(string shardId, string? afterSequenceNumber);
}
