namespace Tributary.Delta;

/// <summary>Options shared by every write operation on a <c>DeltaTable</c>.</summary>
public sealed record DeltaWriteOptions
{
    /// <summary>
    /// Exactly-once marker: the commit records <c>txn(appId, version)</c>, and the write is skipped (nothing written,
    /// <see cref="DeltaWriteResult.Skipped"/> true) when the table already recorded a version at or above it.
    /// </summary>
    public (string AppId, long Version)? AppTransaction { get; init; }

    /// <summary>Allows new nullable columns of the data to be added to the table schema. Type changes are always refused.</summary>
    public bool AllowSchemaEvolution { get; init; }

    /// <summary>Extra entries written into the commit's <c>commitInfo</c>.</summary>
    public IReadOnlyDictionary<string, object?>? CommitInfo { get; init; }

    /// <summary>The codec of new data files.</summary>
    public DeltaCompression Compression { get; init; } = DeltaCompression.Snappy;

    /// <summary>Rows per Parquet row group; the writer holds about this many rows per open file in memory.</summary>
    public int RowGroupRows { get; init; } = 128 * 1024;

    /// <summary>A new data file is started once the current one reaches this many bytes.</summary>
    public long TargetFileSize { get; init; } = 128L * 1024 * 1024;
}
