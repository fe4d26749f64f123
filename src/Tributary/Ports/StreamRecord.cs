namespace Tributary.Ports;

/// <summary>A record read from a shard of an <see cref="IRecordStream"/>.</summary>
/// <param name="ShardId">The shard it was read from.</param>
/// <param name="SequenceNumber">Its sequence number: a decimal string, increasing within the shard.</param>
/// <param name="PartitionKey">The partition key it was put with.</param>
/// <param name="Data">The record's bytes.</param>
/// <param name="ApproximateArrivalTimestamp">When the stream accepted it.</param>
public sealed record StreamRecord(
    string ShardId,
    string SequenceNumber,
    string PartitionKey,
    ReadOnlyMemory<byte> Data,
    DateTimeOffset ApproximateArrivalTimestamp);
