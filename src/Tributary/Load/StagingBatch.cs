namespace Tributary.Load;

/// <summary>One staging Parquet file: a micro-batch written by the deliver stage.</summary>
/// <param name="Key">The object key under the data root (<c>staging/YYYY/MM/DD/HH/...parquet</c>): the batch's identity.</param>
/// <param name="Path">Where DuckDB reads it: a local file path or a URL DuckDB understands.</param>
public sealed record StagingBatch(string Key, string Path);
