using System.Text.Json.Serialization;

namespace Tributary.Process;

/// <summary>One record of a <see cref="KinesisEvent"/>.</summary>
public sealed class KinesisEventRecord
{
    /// <summary>The Kinesis part: data, partition key, sequence number, arrival time.</summary>
    [JsonPropertyName("kinesis")]
    public KinesisData Kinesis { get; set; } = new();

    /// <summary>Always <c>aws:kinesis</c>.</summary>
    [JsonPropertyName("eventSource")]
    public string EventSource { get; set; } = "aws:kinesis";

    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("eventVersion")]
    public string EventVersion { get; set; } = "1.0";

    /// <summary><c>&lt;shardId&gt;:&lt;sequenceNumber&gt;</c>.</summary>
    [JsonPropertyName("eventID")]
    public string EventId { get; set; } = string.Empty;

    /// <summary>Always <c>aws:kinesis:record</c>.</summary>
    [JsonPropertyName("eventName")]
    public string EventName { get; set; } = "aws:kinesis:record";

    /// <summary>The role the function runs as.</summary>
    [JsonPropertyName("invokeIdentityArn")]
    public string? InvokeIdentityArn { get; set; }

    /// <summary>The stream's region.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; set; }

    /// <summary>The stream's ARN.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; set; }

    /// <summary>The shard id, taken from <see cref="EventId"/> (the part before the colon).</summary>
    [JsonIgnore]
    public string ShardId
    {
        get
        {
            var colon = EventId.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? EventId : EventId[..colon];
        }
    }
}
