namespace Tributary.Delta;

/// <summary>The outcome of <c>VacuumAsync</c>.</summary>
/// <param name="Files">The unreferenced data files that were deleted (or, on a dry run, would be).</param>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="Retention">The retention that was applied.</param>
public sealed record DeltaVacuumResult(IReadOnlyList<string> Files, bool DryRun, TimeSpan Retention)
{
    /// <summary>The total size of <see cref="Files"/> in bytes.</summary>
    public long Bytes { get; init; }

    /// <summary>How many directories the vacuum walked, the table root included.</summary>
    public int Directories { get; init; }

    /// <summary>The version of the <c>VACUUM START</c> commit; <see langword="null"/> on a dry run.</summary>
    public long? StartVersion { get; init; }

    /// <summary>The version of the <c>VACUUM END</c> commit; <see langword="null"/> on a dry run.</summary>
    public long? EndVersion { get; init; }
}
