using System.Text.Json.Serialization;
using Tributary.Process.Internal;

namespace Tributary.Process;

/// <summary>The Kinesis payload of an event record.</summary>
public sealed class KinesisData
{
    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("kinesisSchemaVersion")]
    public string KinesisSchemaVersion { get; set; } = "1.0";

    /// <summary>The partition key the record was put with.</summary>
    [JsonPropertyName("partitionKey")]
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The record's sequence number in its shard.</summary>
    [JsonPropertyName("sequenceNumber")]
    public string SequenceNumber { get; set; } = string.Empty;

    /// <summary>The record's bytes (base64 in JSON).</summary>
    [JsonPropertyName("data")]
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <summary>When the stream accepted the record (epoch seconds with a fraction in JSON).</summary>
    [JsonPropertyName("approximateArrivalTimestamp")]
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset ApproximateArrivalTimestamp { get; set; }
}
