using System.CommandLine;
using Tributary.Aws.Composition;
using Tributary.Monitoring;
using Tributary.Reporting;
using Tributary.Telemetry;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary report</c>: writes one self-contained HTML file with the pipeline's health and the sales.</summary>
internal sealed class ReportCommand : TributaryCommand
{
    private readonly Option<string> _output = new("--output", "-o")
    {
        Description = "The HTML file to write.",
        HelpName = "PATH",
        DefaultValueFactory = _ => "tributary-report.html",
    };

    private readonly Option<int> _runs = new("--runs")
    {
        Description = "How many recent runs the health charts show.",
        HelpName = "N",
        DefaultValueFactory = _ => 50,
    };

    public ReportCommand()
        : base(
            "report",
            "Write a self-contained HTML report: sales by region and month, top stores, change trend, stage throughput, freshness, lag, quarantine and rejected counts.",
            "tributary report --output retail.html",
            "tributary report --output /tmp/retail.html --runs 20")
    {
        Options.Add(_output);
        Options.Add(_runs);
        AddFormatOption();
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var runs = context.ParseResult.GetValue(_runs);
        if (runs is < 1 or > RunHistory.MaxRuns)
        {
            throw new CliUsageException($"--runs: {runs} is out of range; allowed values: 1 to {RunHistory.MaxRuns}.");
        }

        var output = Path.GetFullPath(context.ParseResult.GetValue(_output)!);
        await using var transports = PipelineTransports.Create(context.Options);
        var inspector = new PipelineInspector(context.Options, transports.ObjectStore, transports.CreateCommitStore);
        var data = await inspector.ReadReportDataAsync(runs, cancellationToken: cancellationToken).ConfigureAwait(false);
        var bytes = await PipelineReport.WriteAsync(data, output, cancellationToken).ConfigureAwait(false);
        context.Report(
            new { path = output, bytes, runs = data.Runs.Count, salesRows = data.Sales.Count, notes = data.Notes },
            r => $"Wrote {r.path} ({r.bytes:N0} bytes: {r.runs} runs, {r.salesRows} sales_summary rows).\n" + string.Concat(r.notes.Select(n => $"note: {n}\n")));
        return ExitCodes.Ok;
    }
}
