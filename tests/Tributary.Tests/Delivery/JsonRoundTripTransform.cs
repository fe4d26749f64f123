using System.Text.Json;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Tests.Delivery;

/// <summary>
/// The transform handler behind its Lambda JSON contract, as a remote transformation is invoked: the event is
/// serialized, handled through <see cref="TransformHandler.HandleAsync"/> and the response read back. The delivery
/// stream takes the bytes path with it, as with any transform that is not the in-process handler.
/// </summary>
internal sealed class JsonRoundTripTransform(TransformHandler handler) : ITransformFunction
{
    public async Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default)
    {
        using var input = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(transformationEvent, TransformJsonContext.Default.FirehoseTransformationEvent));
        using var output = new MemoryStream();
        await handler.HandleAsync(input, output, cancellationToken);
        return JsonSerializer.Deserialize(output.ToArray(), TransformJsonContext.Default.FirehoseTransformationResponse)!;
    }
}
