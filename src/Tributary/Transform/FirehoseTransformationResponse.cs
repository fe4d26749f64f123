namespace Tributary.Transform;

/// <summary>What a transformation Lambda function returns to Firehose: one result per input record id.</summary>
public sealed class FirehoseTransformationResponse
{
    /// <summary>The results, in the order of the event's records.</summary>
    public IList<FirehoseTransformationResult> Records { get; set; } = [];
}
