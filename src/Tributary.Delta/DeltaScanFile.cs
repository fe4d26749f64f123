using Tributary.Delta.Actions;

namespace Tributary.Delta;

/// <summary>A live data file, for engines that read the Parquet files themselves (DuckDB, for example).</summary>
/// <param name="Path">The file's path in the table storage, relative to the table root (the decoded <c>add.path</c>).</param>
/// <param name="PartitionValues">The file's partition values, typed by the schema (null for a null partition).</param>
/// <param name="Add">The add action.</param>
public sealed record DeltaScanFile(string Path, IReadOnlyDictionary<string, object?> PartitionValues, AddFile Add);
