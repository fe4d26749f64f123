namespace Tributary.Load;

/// <summary>One staging object: a micro-batch written by the deliver stage (Parquet) or by a real Firehose (JSON Lines, optionally .gz).</summary>
/// <param name="Key">The object key in the store (<c>staging/YYYY/MM/DD/HH/...</c>): the batch's identity.</param>
/// <param name="Path">Where DuckDB reads it: a local file path (for a store that is not local, the store's location and key until it is copied).</param>
public sealed record StagingBatch(string Key, string Path)
{
    /// <summary>The object's size in bytes (0 when unknown).</summary>
    public long Size { get; init; }

    /// <summary>True for a Parquet batch (<c>.parquet</c>); every other staging object is read as JSON Lines.</summary>
    public bool IsParquet => Key.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
}
