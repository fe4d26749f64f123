namespace Tributary.Delta;

/// <summary>How <c>MergeAsync</c> upserts source rows into the table.</summary>
public sealed record DeltaMergeOptions
{
    /// <summary>The columns that identify a row. Source rows must be unique on them (dedup first); null keys never match.</summary>
    public required IReadOnlyList<string> KeyColumns { get; init; }

    /// <summary>Columns a matched update leaves as they are in the table (for example <c>create_ts</c>).</summary>
    public IReadOnlyList<string> PreserveOnUpdate { get; init; } = [];

    /// <summary>When set, a matched target row whose source row satisfies this predicate is deleted instead of updated.</summary>
    public DeltaPredicate? DeleteWhenMatched { get; init; }

    /// <summary>Whether source rows without a match are inserted (default true).</summary>
    public bool InsertWhenNotMatched { get; init; } = true;
}
