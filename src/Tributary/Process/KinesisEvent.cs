using System.Text.Json.Serialization;

namespace Tributary.Process;

/// <summary>The event Lambda delivers for a batch of Kinesis records (<c>{"Records":[...]}</c>).</summary>
public sealed class KinesisEvent
{
    /// <summary>The records of the batch, in sequence order within their shard.</summary>
    [JsonPropertyName("Records")]
    public List<KinesisEventRecord> Records { get; set; } = [];
}
