using System.CommandLine;
using System.Globalization;
using System.Text;
using Tributary.Aws.Composition;
using Tributary.Configuration;
using Tributary.Load;
using Tributary.Runtime;
using Tributary.Telemetry;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary run</c>: drains every new source file through the whole pipeline and prints a summary.</summary>
internal sealed class RunCommand : TributaryCommand
{
    private readonly Option<bool> _noLoad = new("--no-load")
    {
        Description = "Stop once everything is staged; 'tributary load' (or 'watch') loads the staging batches later.",
    };

    public RunCommand()
        : base(
            "run",
            "Drain everything available: extract new source files, process every shard, transform and stage as Parquet, then load. Safe to rerun after a crash: nothing is duplicated or lost.",
            "tributary run --verbose",
            "tributary run --format json",
            "tributary run --config ~/retail/tributary.json")
    {
        AddFormatOption();
        Options.Add(_noLoad);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await using var transports = PipelineTransports.Create(options);
        context.Trace("run: " + transports.Describe());
        var terminal = !Console.IsErrorRedirected && ReferenceEquals(context.Error, Console.Error);
        var printer = new RunProgressPrinter(context.Error, terminal, quiet: context.Format == OutputFormat.Json && !context.Verbose);
        RunSummary summary;
        var started = DateTimeOffset.UtcNow;
        using var totals = new MetricsTotals();
        LoadResult? load = null;
        var loader = transports.CreateLoadStage();
        await using (var pipeline = new LocalPipeline(options, transports.ObjectStore, transports.OpenRecordStream(), transports.OpenCheckpointStore(), transports.CreateDeliveryStream()))
        {
            if (!context.ParseResult.GetValue(_noLoad))
            {
                pipeline.LoadAsync = async ct => load = await loader.RunAsync(ct).ConfigureAwait(false);
            }

            summary = await pipeline.RunAsync(printer, cancellationToken).ConfigureAwait(false);
        }

        // The run history feeds 'status' and 'report'.
        await new RunHistory(Path.Combine(Path.GetFullPath(options.Storage.DataRoot), DataLayout.State))
            .AppendAsync(RunRecord.FromTotals("run", started, DateTimeOffset.UtcNow, totals), cancellationToken).ConfigureAwait(false);

        printer.Complete();
        context.Report(summary, Describe);
        if (load is not null && context.Format == OutputFormat.Text)
        {
            context.Out.Write(LoadCommand.Describe(load));
            await WriteSalesByRegionAsync(context, transports, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Ends the run the way a user would check it: a query over the sales_summary Delta table, as
    /// <c>tributary query</c> would run it.
    /// </summary>
    private static async Task WriteSalesByRegionAsync(CommandContext context, PipelineTransports transports, CancellationToken cancellationToken)
    {
        using var session = transports.OpenQuerySession();
        if (await transports.TryRegisterFinalTableAsync(session, "sales_summary", cancellationToken: cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        context.Out.WriteLine();
        context.Out.WriteLine("tributary query \"" + SalesByRegionSql + "\"");
        using var reader = session.Execute(SalesByRegionSql);
        QueryOutput.Write(reader, context.Out, QueryOutputFormat.Table);
    }

    internal const string SalesByRegionSql =
        "SELECT region, count(DISTINCT storeno) AS stores, sum(distinct_invoices) AS invoices, " +
        "round(sum(total_sales), 2) AS total_sales FROM sales_summary GROUP BY region ORDER BY total_sales DESC";

    internal static string Describe(RunSummary s)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"run: {s.Files} new files ({s.FilesSkipped} already ingested), {s.Records:N0} records extracted, {s.RecordsProcessed:N0} processed, {s.Rows:N0} rows staged\n");
        text.Append(c, $"  raw objects          {s.RawObjects,10:N0}  under {DataLayout.Raw}/\n");
        text.Append(c, $"  staging batches      {s.StagingBatches,10:N0}  under {DataLayout.Staging}/\n");
        if (s.RecordsFailedInTransform > 0)
        {
            text.Append(c, $"  transform failures   {s.RecordsFailedInTransform,10:N0}  under the delivery stream's error prefix\n");
        }

        if (s.RecordsFoundInStream + s.RecordsFoundStaged + s.RecordsSkippedAsStaged > 0)
        {
            text.Append(c, $"  resumed after a crash: {s.RecordsFoundInStream:N0} records were already on the stream, {s.RecordsFoundStaged:N0} already staged ({s.RecordsSkippedAsStaged:N0} replayed records skipped)\n");
        }

        text.Append(c, $"  quarantined files    {s.QuarantinedFiles.Count,10:N0}\n");
        foreach (var file in s.QuarantinedFiles)
        {
            text.Append(c, $"    {file.Source}: {file.Reason} ({file.RecordsBeforeError:N0} records before it went through); see {file.ReasonKey}\n");
        }

        text.Append(c, $"  quarantined records  {s.QuarantinedRecords.Count,10:N0}\n");
        foreach (var record in s.QuarantinedRecords.Take(20))
        {
            text.Append(c, $"    {record.Source} #{record.Index}: {record.Reason}; see {record.ReasonKey}\n");
        }

        if (s.QuarantinedRecords.Count > 20)
        {
            text.Append(c, $"    ... and {s.QuarantinedRecords.Count - 20} more under {DataLayout.Quarantine}/records/\n");
        }

        text.Append("  stage                   records     seconds   records/s\n");
        foreach (var stage in s.Stages)
        {
            // A stage too short to time has no meaningful rate; "-" says so where 0 would read as a stall.
            var rate = stage.Elapsed.TotalMilliseconds >= 10 ? stage.RecordsPerSecond.ToString("N0", c) : "-";
            text.Append(c, $"  {stage.Stage,-18} {stage.Records,12:N0} {stage.Elapsed.TotalSeconds,11:F2} {rate,11}\n");
        }

        text.Append(c, $"  total              {s.Elapsed.TotalSeconds,24:F2}\n");
        return text.ToString();
    }
}
