using System.Globalization;
using System.Text;
using Tributary.Aws.Composition;
using Tributary.Load;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary load</c>: curates the staging batches not loaded yet into the final Delta tables, exactly once.</summary>
internal sealed class LoadCommand : TributaryCommand
{
    public LoadCommand()
        : base("load", "Curate new staging batches into final/curated, final/rejected and final/sales_summary (exactly once).",
            "tributary load --config ./tributary.json",
            "tributary load --format json")
    {
        AddFormatOption();
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await using var transports = PipelineTransports.Create(options);
        var stage = transports.CreateLoadStage();
        context.Trace($"load: {transports.Describe()}; app id '{options.Pipeline}'");
        var started = DateTimeOffset.UtcNow;
        using var totals = new Telemetry.MetricsTotals();
        var result = await stage.RunAsync(cancellationToken).ConfigureAwait(false);
        if (result.Status == LoadStatus.Loaded)
        {
            // The run history feeds 'status' (last loads with durations) and 'report'.
            await new Telemetry.RunHistory(Path.Combine(Path.GetFullPath(options.Storage.DataRoot), Configuration.DataLayout.State))
                .AppendAsync(Telemetry.RunRecord.FromTotals("load", started, DateTimeOffset.UtcNow, totals), cancellationToken).ConfigureAwait(false);
        }

        context.Report(result, Describe);
        return ExitCodes.Ok;
    }

    internal static string Describe(LoadResult result)
    {
        var text = new StringBuilder();
        if (result.RecoveredSummary)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Finished the summary refresh of an interrupted load ({string.Join(", ", result.SummaryRegions)}).");
        }

        if (result.Status == LoadStatus.NothingNew)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Nothing new to load: every staging batch is loaded (last load {result.LoadId}).");
            return text.ToString();
        }

        var c = result.Curation!;
        text.AppendLine(CultureInfo.InvariantCulture, $"Load {result.LoadId}{(result.Resumed ? " (resumed)" : string.Empty)}: {result.Batches.Count} staging batches, {c.StagedRows} rows.");
        text.AppendLine(CultureInfo.InvariantCulture, $"  curated: {c.CuratedRows} rows merged ({result.RowsInserted} inserted, {result.RowsUpdated} updated), table version {result.CuratedVersion?.ToString(CultureInfo.InvariantCulture) ?? "unchanged"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  duplicates removed: {c.WindowDuplicates} older versions of a line, {c.KeyDuplicates} repeated MERGE keys");
        text.AppendLine(CultureInfo.InvariantCulture, $"  rejected: {c.RejectedRows} rows ({result.RejectionsWritten} column errors written to the rejected table)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  sales_summary: {result.SummaryRows} rows for {string.Join(", ", result.SummaryRegions)}");
        if (result.BatchesWaiting > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {result.BatchesWaiting} more staging batches wait for the next load (Load:MaxBatchesPerLoad).");
        }

        return text.ToString();
    }
}
