namespace Tributary.Load;

/// <summary>The outcome of one load.</summary>
public sealed record LoadResult
{
    /// <summary>Whether anything was loaded.</summary>
    public required LoadStatus Status { get; init; }

    /// <summary>The load's id: the <c>txn</c> version its commits carry (the last committed one when nothing was new).</summary>
    public required long LoadId { get; init; }

    /// <summary>The staging batch keys this load consumed, in order.</summary>
    public IReadOnlyList<string> Batches { get; init; } = [];

    /// <summary>Staging batches still waiting after this load (beyond <c>Load:MaxBatchesPerLoad</c>).</summary>
    public int BatchesWaiting { get; init; }

    /// <summary>What curation did; null when nothing was new.</summary>
    public CurationCounts? Curation { get; init; }

    /// <summary>Curated rows inserted by the MERGE.</summary>
    public long RowsInserted { get; init; }

    /// <summary>Curated rows updated by the MERGE (create_ts kept).</summary>
    public long RowsUpdated { get; init; }

    /// <summary>Rows written to the rejected table (one per staging row and bad column).</summary>
    public long RejectionsWritten { get; init; }

    /// <summary>The regions whose sales summary was recomputed (including a refresh an interrupted load left undone).</summary>
    public IReadOnlyList<string> SummaryRegions { get; init; } = [];

    /// <summary>Summary rows written.</summary>
    public long SummaryRows { get; init; }

    /// <summary>True when this run finished the summary refresh of an earlier load that was interrupted.</summary>
    public bool RecoveredSummary { get; init; }

    /// <summary>True when this run resumed an interrupted load with the same batches (its rejected rows were already committed).</summary>
    public bool Resumed { get; init; }

    /// <summary>The curated table's version after the load.</summary>
    public long? CuratedVersion { get; init; }
}
