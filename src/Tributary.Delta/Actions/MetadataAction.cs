namespace Tributary.Delta.Actions;

/// <summary>The <c>metaData</c> action: the table's id, schema, partitioning and properties. A new one replaces the old whole.</summary>
/// <param name="Id">The table id (a GUID), unchanged across metadata updates.</param>
/// <param name="SchemaString">The Spark-style JSON schema, as a string.</param>
/// <param name="PartitionColumns">Partition column names, outermost directory first.</param>
/// <param name="Configuration">Table properties such as <c>delta.checkpointInterval</c>; all values are strings.</param>
/// <param name="CreatedTime">Creation time in epoch milliseconds, when known.</param>
/// <param name="Name">An optional user-facing name.</param>
/// <param name="Description">An optional description.</param>
/// <param name="FormatProvider">The data file format; always <c>parquet</c>.</param>
/// <param name="FormatOptions">Options of the data file format.</param>
public sealed record MetadataAction(
    string Id,
    string SchemaString,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Configuration,
    long? CreatedTime = null,
    string? Name = null,
    string? Description = null,
    string FormatProvider = "parquet",
    IReadOnlyDictionary<string, string>? FormatOptions = null);
