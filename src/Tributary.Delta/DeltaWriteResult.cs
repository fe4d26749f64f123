namespace Tributary.Delta;

/// <summary>The outcome of a write operation.</summary>
public sealed record DeltaWriteResult
{
    /// <summary>The table version the commit created; when skipped, the version that was read.</summary>
    public long Version { get; init; }

    /// <summary>True when nothing was written because the app transaction was already recorded.</summary>
    public bool Skipped { get; init; }

    /// <summary>Why the write was skipped.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Data files added.</summary>
    public int FilesAdded { get; init; }

    /// <summary>Data files removed (logically; vacuum deletes them later).</summary>
    public int FilesRemoved { get; init; }

    /// <summary>Rows inserted (new rows).</summary>
    public long RowsInserted { get; init; }

    /// <summary>Rows updated by MERGE.</summary>
    public long RowsUpdated { get; init; }

    /// <summary>Rows deleted.</summary>
    public long RowsDeleted { get; init; }

    /// <summary>Unchanged rows copied into rewritten files.</summary>
    public long RowsCopied { get; init; }
}
