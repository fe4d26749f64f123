using System.Text.Json.Serialization;

namespace Tributary.Transform;

/// <summary>The event Firehose sends to a transformation Lambda function.</summary>
public sealed class FirehoseTransformationEvent
{
    /// <summary>The invocation's id.</summary>
    public string InvocationId { get; set; } = "";

    /// <summary>The delivery stream's ARN.</summary>
    public string DeliveryStreamArn { get; set; } = "";

    /// <summary>The source Kinesis data stream's ARN, when the source is a data stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceKinesisStreamArn { get; set; }

    /// <summary>The AWS region (<c>local</c> for the embedded delivery stream).</summary>
    public string Region { get; set; } = "";

    /// <summary>The records to transform.</summary>
    public IList<FirehoseTransformationRecord> Records { get; set; } = [];
}
