using System.Text.Json.Serialization;

namespace Tributary.Processing;

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
            // Cut once per event id, not on every read: the handler reads it several times per record.
            var eventId = EventId;
            if (_shardIdOf is { } of && ReferenceEquals(of.EventId, eventId))
            {
                return of.ShardId;
            }

            var colon = eventId.IndexOf(':', StringComparison.Ordinal);
            var shardId = colon < 0 ? eventId : eventId[..colon];
            _shardIdOf = new CutEventId(eventId, shardId);
            return shardId;
        }
    }

    // One reference holding both, so a reader on another thread never pairs one event id with another's shard.
    private CutEventId? _shardIdOf;

    private sealed record CutEventId(string EventId, string ShardId);
}
