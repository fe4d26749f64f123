namespace Tributary.Ports;

/// <summary>One record to append to an <see cref="IRecordStream"/>.</summary>
/// <param name="Data">The record's bytes (for Tributary, a UTF-8 JSON object).</param>
/// <param name="PartitionKey">The key whose MD5 hash chooses the shard.</param>
public readonly record struct PutRecordEntry(ReadOnlyMemory<byte> Data, string PartitionKey);
