using Tributary.Transform;

namespace Tributary.Bench.Pipeline;

/// <summary>The transformation function, with the time of each invocation counted.</summary>
internal sealed class TimedTransform(ITransformFunction inner, StageClock clock) : ITransformFunction
{
    public async Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default)
    {
        var started = clock.Start();
        try
        {
            return await inner.InvokeAsync(transformationEvent, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            clock.Stop(started);
        }
    }
}
