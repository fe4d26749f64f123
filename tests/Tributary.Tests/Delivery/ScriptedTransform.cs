using Tributary.Transform;

namespace Tributary.Tests.Delivery;

/// <summary>A transform function that misbehaves on purpose for its first invocations, then delegates to the real handler.</summary>
internal sealed class ScriptedTransform(int failures, Func<FirehoseTransformationEvent, FirehoseTransformationResponse>? misbehave = null) : ITransformFunction
{
    private readonly TransformHandler _real = new();

    private int _invocations;

    // Delivery runs the invocations of one buffer side by side: count them safely.
    public int Invocations => Volatile.Read(ref _invocations);

    public Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _invocations) <= failures)
        {
            return misbehave is null
                ? throw new TimeoutException("Task timed out after 300.00 seconds")
                : Task.FromResult(misbehave(transformationEvent));
        }

        return _real.InvokeAsync(transformationEvent, cancellationToken);
    }
}
