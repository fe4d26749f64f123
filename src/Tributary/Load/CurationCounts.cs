namespace Tributary.Load;

/// <summary>What curation did to one load's staging rows.</summary>
/// <param name="StagedRows">Rows read from the staging batches.</param>
/// <param name="RejectedRows">Staging rows that could not be curated (each written to the rejected table).</param>
/// <param name="WindowDuplicates">Rows removed by the seed's de-duplication window (an older source timestamp of the same line).</param>
/// <param name="KeyDuplicates">Rows removed because another row of the load had the same MERGE key and a newer source timestamp.</param>
/// <param name="CuratedRows">Rows handed to the MERGE.</param>
public sealed record CurationCounts(long StagedRows, long RejectedRows, long WindowDuplicates, long KeyDuplicates, long CuratedRows);
