using Tributary.Telemetry;

namespace Tributary.Reporting;

/// <summary>Everything <c>tributary report</c> draws: the recent runs, what was set aside, the tables and the sales.</summary>
public sealed record PipelineReportData
{
    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; init; } = "retail";

    /// <summary>The data root the report describes.</summary>
    public string DataRoot { get; init; } = string.Empty;

    /// <summary>When the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The recent runs, oldest first.</summary>
    public IReadOnlyList<RunRecord> Runs { get; init; } = [];

    /// <summary>Files in <c>quarantine/files/</c>.</summary>
    public long QuarantinedFiles { get; init; }

    /// <summary>Records in <c>quarantine/records/</c>.</summary>
    public long QuarantinedRecords { get; init; }

    /// <summary>Records under the delivery error prefix.</summary>
    public long DeliveryFailedRecords { get; init; }

    /// <summary>Rows in the <c>rejected</c> table.</summary>
    public long RejectedRows { get; init; }

    /// <summary>The final tables.</summary>
    public IReadOnlyList<TableState> Tables { get; init; } = [];

    /// <summary>The rows of <c>sales_summary</c>.</summary>
    public IReadOnlyList<SalesSummaryRow> Sales { get; init; } = [];

    /// <summary>Things the reader should know (a table missing, a history file absent).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
