using System.Globalization;
using System.Text;
using Tributary.Aws.Composition;
using Tributary.Monitoring;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary status</c>: the pipeline's health from persisted state; exit code 3 when unhealthy.</summary>
internal sealed class StatusCommand : TributaryCommand
{
    public StatusCommand()
        : base(
            "status",
            "Show the pipeline's health from its persisted state (works while 'watch' runs): shard lag, staging batches waiting, last loads, table versions, quarantine and rejected counts. Exit code 3 when unhealthy.",
            "tributary status --format json",
            "tributary status --config ~/retail/tributary.json")
    {
        AddFormatOption();
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var transports = PipelineTransports.Create(context.Options);
        var inspector = new PipelineInspector(context.Options, transports.ObjectStore, transports.CreateCommitStore);
        var status = await inspector.ReadStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        context.Report(status, Describe);
        return status.Healthy ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }

    internal static string Describe(PipelineStatus s)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"status: {(s.Healthy ? "healthy" : "UNHEALTHY")} ({s.Pipeline}, {s.DataRoot})\n");
        foreach (var problem in s.Problems)
        {
            text.Append(c, $"  problem: {problem}\n");
        }

        text.Append(c, $"  stream: {s.BufferedRecords:N0} records not yet processed\n");
        foreach (var shard in s.Shards)
        {
            text.Append(c, $"    {shard.Shard}  last {shard.LastSequence,10:N0}  checkpoint {shard.Checkpoint,10:N0}  lag {shard.LagRecords,8:N0} records, {shard.LagMilliseconds(s.CheckedAt) / 1000,8:N1} s\n");
        }

        text.Append(c, $"  staging: {s.StagingBatchesWaiting:N0} batches waiting for a load\n");
        foreach (var key in s.StagingBatchesWaitingKeys)
        {
            text.Append(c, $"    {key}\n");
        }

        text.Append("  last loads:\n");
        foreach (var run in s.LastLoads)
        {
            text.Append(c, $"    {run.Finished:u}  {run.Mode,-5}  {run.RowsInserted:N0} inserted, {run.RowsUpdated:N0} updated, {run.RowsRejected:N0} rejected in {run.LoadSeconds:F2} s\n");
        }

        text.Append("  tables:\n");
        foreach (var table in s.Tables)
        {
            var version = table.Version is { } v ? $"version {v}" : "not created";
            var rows = table.Rows is { } r ? r.ToString("N0", c) + " rows" : "";
            text.Append(c, $"    {table.Name,-14} {version,-14} {rows,-16} {table.Path}\n");
        }

        if (s.SetAside is { } a)
        {
            text.Append(c, $"  quarantined files    {a.QuarantinedFiles,8:N0}  {a.QuarantinedFilesPath}\n");
            text.Append(c, $"  quarantined records  {a.QuarantinedRecords,8:N0}  {a.QuarantinedRecordsPath}\n");
            text.Append(c, $"  delivery failures    {a.DeliveryFailedRecords,8:N0}  {a.DeliveryFailedPath}\n");
            text.Append(c, $"  rejected rows        {a.RejectedRows,8:N0}  {a.RejectedPath}\n");
        }

        if (s.FreshnessP99Seconds is { } p99)
        {
            text.Append(c, $"  freshness p99 (last run) {p99:F2} s\n");
        }

        return text.ToString();
    }
}
