using System.Text.Json.Serialization;
using Tributary.Transform.Internal;

namespace Tributary.Transform;

/// <summary>Where a record came from when the delivery stream's source is a Kinesis data stream.</summary>
public sealed class KinesisRecordMetadata
{
    /// <summary>The source shard.</summary>
    public string? ShardId { get; set; }

    /// <summary>The partition key the record was put with.</summary>
    public string? PartitionKey { get; set; }

    /// <summary>When the stream accepted the record, in epoch milliseconds (AWS samples send a number or an ISO string).</summary>
    [JsonConverter(typeof(NullableEpochMillisecondsConverter))]
    public long? ApproximateArrivalTimestamp { get; set; }

    /// <summary>The record's sequence number in its shard.</summary>
    public string? SequenceNumber { get; set; }

    /// <summary>The sub-sequence number of a de-aggregated record (a number, or an empty string in some AWS samples).</summary>
    [JsonConverter(typeof(NullableEpochMillisecondsConverter))]
    public long? SubsequenceNumber { get; set; }
}
