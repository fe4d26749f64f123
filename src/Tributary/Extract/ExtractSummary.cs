namespace Tributary.Extract;

/// <summary>What an extract run did.</summary>
public sealed class ExtractSummary
{
    /// <summary>Files ingested (fully or up to a quarantine) in this run.</summary>
    public int Files { get; set; }

    /// <summary>Files listed but already ingested earlier (same size and ETag).</summary>
    public int FilesSkipped { get; set; }

    /// <summary>Records put on the stream in this run.</summary>
    public long Records { get; set; }

    /// <summary>Bytes of (decompressed) source data read.</summary>
    public long Bytes { get; set; }

    /// <summary>Files quarantined in this run.</summary>
    public List<QuarantinedFile> QuarantinedFiles { get; } = [];

    /// <summary>Records reported instead of put (too large for the stream).</summary>
    public List<QuarantinedRecord> QuarantinedRecords { get; } = [];

    /// <summary>Records found already on the stream after a crash and not put again.</summary>
    public long RecoveredRecords { get; set; }

    /// <summary>
    /// How long splitting waited for the previous put to be acknowledged before it could hand over the next one: the
    /// part of <see cref="Elapsed"/> that the stream, not extract, took.
    /// </summary>
    public TimeSpan PutWait { get; set; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; set; }
}

/// <summary>A source file moved aside as unreadable.</summary>
/// <param name="Source">The source key.</param>
/// <param name="QuarantineKey">Where the copy is.</param>
/// <param name="ReasonKey">Where the reason file is.</param>
/// <param name="Offset">The byte offset of the problem (in decompressed data).</param>
/// <param name="RecordsBeforeError">How many of its records came before the problem (and went through).</param>
/// <param name="Reason">What went wrong and what was expected.</param>
public sealed record QuarantinedFile(string Source, string QuarantineKey, string ReasonKey, long Offset, long RecordsBeforeError, string Reason);

/// <summary>A record set aside with a reason.</summary>
/// <param name="Source">The source key (or shard for stream records).</param>
/// <param name="Index">The record's position.</param>
/// <param name="ReasonKey">Where the reason (and data, when kept) is.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record QuarantinedRecord(string Source, string Index, string ReasonKey, string Reason);
