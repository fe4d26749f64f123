namespace Tributary.Reporting;

/// <summary>A final Delta table as it is now.</summary>
/// <param name="Name">The table name (<c>curated</c>, <c>sales_summary</c>, <c>rejected</c>).</param>
/// <param name="Path">Where it lives.</param>
/// <param name="Version">Its current version, or null when the table does not exist yet.</param>
/// <param name="Rows">Its row count (from the log's file statistics), when known.</param>
/// <param name="LastCommit">When its newest version was committed.</param>
public sealed record TableState(string Name, string Path, long? Version, long? Rows, DateTimeOffset? LastCommit);
