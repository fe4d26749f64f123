namespace Tributary.Transform.Internal;

/// <summary>A record the in-process transformation answered with ProcessingFailed, and why.</summary>
/// <param name="Index">Its position in the invocation.</param>
/// <param name="ErrorCode">The error code, as a remote transformation would return it.</param>
/// <param name="ErrorMessage">The sentence naming the record and the reason.</param>
internal readonly record struct InProcessFailure(int Index, string ErrorCode, string ErrorMessage);
