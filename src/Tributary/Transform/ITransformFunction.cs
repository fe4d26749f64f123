namespace Tributary.Transform;

/// <summary>
/// A Firehose transformation function, as the delivery stream invokes it: in process (<see cref="TransformHandler"/>)
/// or a Lambda function on AWS. An exception is an invocation failure, which the delivery stream retries.
/// </summary>
public interface ITransformFunction
{
    /// <summary>Transforms a batch of records.</summary>
    Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default);
}
