using System.Text.Json.Serialization;
using Tributary.Transform.Internal;

namespace Tributary.Transform;

/// <summary>One record of a Firehose transformation event.</summary>
public sealed class FirehoseTransformationRecord
{
    /// <summary>The id the result must carry back.</summary>
    public string RecordId { get; set; } = "";

    /// <summary>When Firehose accepted the record, in epoch milliseconds (a number or an ISO-8601 string is accepted).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public long ApproximateArrivalTimestamp { get; set; }

    /// <summary>The record's bytes (base64 in JSON).</summary>
    public byte[] Data { get; set; } = [];

    /// <summary>Present when the delivery stream reads from a Kinesis data stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KinesisRecordMetadata? KinesisRecordMetadata { get; set; }
}
