using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Aws.Composition;
using Tributary.Delta;
using Tributary.Load;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary history TABLE</c>: the commits of a Delta table, newest first.</summary>
internal sealed class HistoryCommand : TributaryCommand
{
    private readonly Argument<string> _table = new("TABLE") { Description = "A final table (curated, sales_summary, rejected) or a Delta table folder." };
    private readonly Option<int?> _limit = new("--limit") { Description = "Show only the newest N commits.", HelpName = "N" };

    public HistoryCommand()
        : base("history", "Show the commits of a Delta table: version, time, operation, parameters and metrics.",
            "tributary history curated",
            "tributary history ./data/final/sales_summary --limit 5 --format json")
    {
        Arguments.Add(_table);
        Options.Add(_limit);
        AddFormatOption();
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var tableArgument = context.ParseResult.GetValue(_table)!;
        var limit = context.ParseResult.GetValue(_limit);
        if (limit is <= 0)
        {
            throw new CliUsageException($"--limit must be a positive number, not {limit}.");
        }

        // A final table lives in the configured store (a local folder or S3), with its commit store.
        await using var transports = PipelineTransports.Create(context.Options);
        DeltaTable table;
        if (FinalTables.KeyOf(tableArgument, context.Options.Load) is not null)
        {
            table = await transports.OpenFinalTableAsync(tableArgument, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var folder = FinalTables.Resolve(tableArgument, context.Options.Load, context.Options.Storage.DataRoot);
            table = await DeltaTable.OpenAsync(new LocalDeltaStorage(folder), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var history = await table.GetHistoryAsync(limit, cancellationToken).ConfigureAwait(false);
        var entries = history.OrderByDescending(h => h.Version).Select(h => new HistoryEntryReport(
            h.Version,
            h.Timestamp,
            h.Operation,
            h.OperationParameters.ToDictionary(p => p.Key, p => p.Value.ToString()),
            h.OperationMetrics.ToDictionary(p => p.Key, p => p.Value.ToString()),
            h.Raw.ValueKind == JsonValueKind.Object && h.Raw.TryGetProperty("tributary", out var load) ? load.Clone() : null)).ToList();
        context.Report(entries, Describe);
        return ExitCodes.Ok;
    }

    private static string Describe(List<HistoryEntryReport> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Version,6}  {entry.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {entry.Operation ?? "-",-14}");
            if (entry.Parameters.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {string.Join(' ', entry.Parameters.Select(p => $"{p.Key}={p.Value}"))}");
            }

            if (entry.Metrics.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" [{string.Join(' ', entry.Metrics.Select(p => $"{p.Key}={p.Value}"))}]");
            }

            if (entry.Load is { } load && load.TryGetProperty("loadId", out var id))
            {
                text.Append(CultureInfo.InvariantCulture, $" load {id} ({(load.TryGetProperty("batches", out var b) ? b.GetArrayLength() : 0)} batches)");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>One commit as <c>history</c> reports it.</summary>
    internal sealed record HistoryEntryReport(
        long Version,
        DateTimeOffset Timestamp,
        string? Operation,
        Dictionary<string, string> Parameters,
        Dictionary<string, string> Metrics,
        JsonElement? Load);
}
