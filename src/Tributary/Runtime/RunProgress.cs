namespace Tributary.Runtime;

/// <summary>
/// A progress report of a run: the stage now running and its count so far. A stage's first report says it started
/// (its count may still be 0: process runs beside extract but is only reported once extract is done); its last
/// report, made when it ends, carries the count of the run summary's stage line.
/// </summary>
/// <param name="Stage">The stage (<c>extract</c>, <c>process</c>, <c>flush</c>, <c>load</c>).</param>
/// <param name="Records">Records handled by that stage so far (for <c>load</c>, rows).</param>
public readonly record struct RunProgress(string Stage, long Records);
