using System.Text.Json.Serialization;

namespace Tributary.Process;

/// <summary>
/// The answer to a Kinesis event with <c>ReportBatchItemFailures</c>: the records that failed. Empty means the whole
/// batch succeeded; Lambda checkpoints before the lowest failed sequence number and retries from there.
/// </summary>
public sealed class StreamsEventResponse
{
    /// <summary>The failed records.</summary>
    [JsonPropertyName("batchItemFailures")]
    public List<BatchItemFailure> BatchItemFailures { get; set; } = [];
}

/// <summary>One failed record, named by its sequence number.</summary>
public sealed class BatchItemFailure
{
    /// <summary>The sequence number of the failed record.</summary>
    [JsonPropertyName("itemIdentifier")]
    public string? ItemIdentifier { get; set; }
}
