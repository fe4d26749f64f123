using Tributary.Ports;

namespace Tributary.Aws.Kinesis;

/// <summary>One <c>GetRecords</c> page.</summary>
/// <param name="Records">The records, in sequence order.</param>
/// <param name="NextShardIterator">The iterator for the next page; null once a closed shard is exhausted.</param>
/// <param name="MillisBehindLatest">How far the page's last record is behind the tip of the shard.</param>
public sealed record KinesisGetRecordsResponse(IReadOnlyList<StreamRecord> Records, string? NextShardIterator, long MillisBehindLatest);
