namespace Tributary.Ports;

/// <summary>A page of records read from one shard.</summary>
/// <param name="Records">The records, in sequence order; empty when the reader is at the tip.</param>
/// <param name="MillisBehindLatest">How far the last returned record is behind the tip of the shard.</param>
public sealed record GetRecordsResult(IReadOnlyList<StreamRecord> Records, long MillisBehindLatest);
