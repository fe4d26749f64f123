using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Tributary.Aws.Composition;
using Tributary.Cli.Internal;
using Tributary.Telemetry;
using Tributary.Watch;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary watch</c>: continuous mode until stopped. The first Ctrl+C / SIGTERM stops taking input, flushes,
/// checkpoints and finishes the running load within <c>Watch:ShutdownGraceSeconds</c>, then exits 0; a second signal
/// (or the grace period running out) exits at once, losing nothing: the next start resumes from the checkpoints.
/// </summary>
internal sealed class WatchCommand : TributaryCommand
{
    private readonly Option<int?> _metricsPort = new("--metrics-port")
    {
        Description = "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (overrides Watch:MetricsPort; 0 = off).",
        HelpName = "PORT",
    };

    private readonly Option<string?> _logFormat = new("--log-format")
    {
        Description = "Log format on standard error: text (default) or json.",
        HelpName = "text|json",
    };

    public WatchCommand()
        : base(
            "watch",
            "Run continuously: stream new source files through every stage as they land and load into Delta on a schedule; Ctrl+C or SIGTERM stops cleanly.",
            "tributary watch --metrics-port 9464",
            "tributary watch --config ~/retail/tributary.json --log-format json")
    {
        Options.Add(_metricsPort);
        Options.Add(_logFormat);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        TransportSelection.Validate(options);
        if (TransportSelection.NeedsAws(options))
        {
            // Continuous mode watches a local source folder; on AWS the functions and the scheduled load do its work.
            throw new InvalidOperationException(
                "'watch' runs the embedded pipeline only: it needs Storage:ObjectStore:Transport, Stream:Transport and Deliver:Transport = local " +
                $"(they are {options.Storage.ObjectStore.Transport.ToString().ToLowerInvariant()}, {options.Stream.Transport}, {options.Deliver.Transport}). " +
                "Use 'tributary run' to drain S3 and Kinesis once, or deploy the Lambda functions (deploy/).");
        }

        var logFormat = context.ParseResult.GetValue(_logFormat) ?? "text";
        if (logFormat is not ("text" or "json"))
        {
            throw new CliUsageException($"--log-format: '{logFormat}' is not a log format; allowed values: text, json.");
        }

        var port = context.ParseResult.GetValue(_metricsPort) ?? options.Watch.MetricsPort;
        if (port is < 0 or > 65535)
        {
            throw new CliUsageException($"--metrics-port: {port} is out of range; allowed values: 0 to 65535.");
        }

        using var loggerFactory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(context.Verbose ? LogLevel.Debug : LogLevel.Information);
            builder.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
            });

            // Last, so that it picks the formatter: each Add*Console above also sets its own name.
            builder.AddConsole(o =>
            {
                // Logs go to standard error so that standard output stays for reports.
                o.LogToStandardErrorThreshold = LogLevel.Trace;
                o.FormatterName = logFormat == "json" ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
            });
        });
        var logger = loggerFactory.CreateLogger("Tributary.Watch");

        using var meterProvider = MetricsExport.Build(port, options.Watch);
        if (port > 0)
        {
            logger.LogInformation("watch: metrics on http://127.0.0.1:{Port}/metrics", port);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        var grace = TimeSpan.FromSeconds(options.Watch.ShutdownGraceSeconds);
        var signals = 0;
        var firstSignal = 0L;
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                Interlocked.Exchange(ref firstSignal, Environment.TickCount64);
                logger.LogInformation("watch: {Signal} received; stopping within {Grace} s (send it again to stop at once)", signal.Signal, grace.TotalSeconds);
                stop.Cancel();
                abort.CancelAfter(grace);
            }
            else if (Environment.TickCount64 - Interlocked.Read(ref firstSignal) < 500)
            {
                // The same stop request delivered twice (to the process and to its group, as timeout(1) does).
                Interlocked.Decrement(ref signals);
            }
            else
            {
                logger.LogWarning("watch: second {Signal}: stopping at once; the next start resumes from the checkpoints", signal.Signal);
                abort.Cancel();
            }
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        var service = new WatchService(options, logger);
        try
        {
            await service.RunAsync(stop.Token, abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            context.Error.WriteLine("tributary: watch stopped before it finished flushing; nothing is lost, the next start resumes.");
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }
}
