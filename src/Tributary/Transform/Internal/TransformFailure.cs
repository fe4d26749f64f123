namespace Tributary.Transform.Internal;

/// <summary>A record the transformation answers with ProcessingFailed, and why.</summary>
internal sealed class TransformFailure(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
