namespace Tributary.Transform;

/// <summary>What a transformation did with one record (Firehose's <c>result</c>).</summary>
public enum TransformResult
{
    /// <summary>The record was transformed; its <c>data</c> is delivered.</summary>
    Ok,

    /// <summary>The record was dropped on purpose; it counts as a success and nothing is delivered.</summary>
    Dropped,

    /// <summary>The record could not be transformed; it goes to the error prefix.</summary>
    ProcessingFailed,
}
