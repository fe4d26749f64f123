namespace Tributary.Extract;

/// <summary>What the ledger knows about one source file.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Size">The size the file had when it was ingested.</param>
/// <param name="ETag">The ETag the file had when it was ingested.</param>
/// <param name="State">Where ingestion got to.</param>
/// <param name="Next">The index of the first record not yet accounted for (records before it were put or reported).</param>
/// <param name="Reason">Why the file was quarantined, when it was.</param>
public sealed record LedgerEntry(string Key, long Size, string ETag, LedgerState State, long Next, string? Reason = null);

/// <summary>The ingestion state of a source file.</summary>
public enum LedgerState
{
    /// <summary>Ingestion started and has not finished (a crash, or still running).</summary>
    InProgress,

    /// <summary>Every record was put on the stream (or reported as too large).</summary>
    Done,

    /// <summary>The file is unreadable past some point; records before it were put.</summary>
    Quarantined,
}
