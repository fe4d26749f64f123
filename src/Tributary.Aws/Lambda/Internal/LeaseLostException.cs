namespace Tributary.Aws.Lambda.Internal;

/// <summary>This invocation's claim on a source object was taken over (its lease ran out); it must stop putting records.</summary>
internal sealed class LeaseLostException(string message) : Exception(message);
