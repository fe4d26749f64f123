namespace Tributary.Delta.Tests.Conformance;

/// <summary>
/// What a Spark-written table must look like at the log level. Rows that delta-data checks (row counts, values)
/// belong in its own table keyed by the same <see cref="Table"/> path.
/// </summary>
/// <param name="Table">Path under <c>shared/delta</c>, such as <c>golden/snapshot-data0</c>.</param>
/// <param name="Version">The latest version.</param>
/// <param name="Files">The number of live files, or null when not asserted.</param>
/// <param name="Columns">Top-level schema column names, in order; null when not asserted.</param>
/// <param name="PartitionColumns">Partition columns, in order.</param>
/// <param name="Protocol">"reader/writer".</param>
public sealed record LogExpectation(string Table, long Version, int? Files, string[]? Columns, string[] PartitionColumns, string Protocol = "1/2")
{
    public override string ToString() => Table;
}
