namespace Tributary.Monitoring;

/// <summary>What the pipeline set aside, with where to look (DESIGN.md §6).</summary>
/// <param name="QuarantinedFiles">Source files in <c>quarantine/files/</c> (reason files not counted).</param>
/// <param name="QuarantinedFilesPath">That folder.</param>
/// <param name="QuarantinedRecords">Records in <c>quarantine/records/</c> (the on-failure destination of process).</param>
/// <param name="QuarantinedRecordsPath">That folder.</param>
/// <param name="DeliveryFailedRecords">Records under the delivery error prefix.</param>
/// <param name="DeliveryFailedPath">That folder.</param>
/// <param name="RejectedRows">Rows in the <c>rejected</c> table.</param>
/// <param name="RejectedPath">That table.</param>
public sealed record SetAsideCounts(
    long QuarantinedFiles,
    string QuarantinedFilesPath,
    long QuarantinedRecords,
    string QuarantinedRecordsPath,
    long DeliveryFailedRecords,
    string DeliveryFailedPath,
    long RejectedRows,
    string RejectedPath);
