namespace Tributary.Delta;

/// <summary>What to read from a snapshot.</summary>
public sealed record DeltaReadOptions
{
    /// <summary>The columns to return, in this order; all columns when null.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Rows to return. Files that cannot match are skipped by partition values and stats, and the remaining rows are
    /// filtered exactly.
    /// </summary>
    public DeltaPredicate? Filter { get; init; }
}
