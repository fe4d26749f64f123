namespace Tributary.Delta;

/// <summary>The Parquet codec of data files this library writes.</summary>
public enum DeltaCompression
{
    /// <summary>Snappy, what Spark writes by default (<c>.snappy.parquet</c>).</summary>
    Snappy,

    /// <summary>Zstandard (<c>.zstd.parquet</c>), smaller files at a little more CPU.</summary>
    Zstd,

    /// <summary>No compression.</summary>
    None,
}
