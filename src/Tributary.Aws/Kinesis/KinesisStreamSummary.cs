namespace Tributary.Aws.Kinesis;

/// <summary>What <c>DescribeStreamSummary</c> says about a stream.</summary>
/// <param name="StreamName">The stream's name.</param>
/// <param name="StreamArn">The stream's ARN.</param>
/// <param name="Status">CREATING, DELETING, ACTIVE or UPDATING.</param>
/// <param name="OpenShardCount">How many shards are open.</param>
public sealed record KinesisStreamSummary(string StreamName, string StreamArn, string Status, int OpenShardCount);
