namespace Tributary.Delta;

/// <summary>The outcome of <c>VacuumAsync</c>.</summary>
/// <param name="Files">The unreferenced data files that were deleted (or, on a dry run, would be).</param>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="Retention">The retention that was applied.</param>
public sealed record DeltaVacuumResult(IReadOnlyList<string> Files, bool DryRun, TimeSpan Retention);
