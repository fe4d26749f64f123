namespace Tributary.Runtime;

/// <summary>A progress report of a run: the stage now running and its count so far.</summary>
/// <param name="Stage">The stage (<c>extract</c>, <c>process</c>, <c>flush</c>, <c>load</c>).</param>
/// <param name="Records">Records handled by that stage so far.</param>
public readonly record struct RunProgress(string Stage, long Records);
