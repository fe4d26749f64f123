using System.CommandLine;
using System.Globalization;
using System.Text;
using Tributary.Delta;
using Tributary.Load;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary vacuum TABLE</c>: deletes data files no version within the retention needs.</summary>
internal sealed class VacuumCommand : TributaryCommand
{
    private readonly Argument<string> _table = new("TABLE") { Description = "A final table (curated, sales_summary, rejected) or a Delta table folder." };

    private readonly Option<double?> _retentionHours = new("--retention-hours")
    {
        Description = "Keep files removed less than H hours ago (default: the table's delta.deletedFileRetentionDuration, 7 days). Shorter than the table's setting needs --force.",
        HelpName = "H",
    };

    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "List the files that would be deleted, delete nothing." };

    private readonly Option<bool> _force = new("--force") { Description = "Allow a retention shorter than the table's (readers of older versions may fail)." };

    public VacuumCommand()
        : base("vacuum", "Delete a Delta table's data files that no live or retained version references.",
            "tributary vacuum curated --dry-run",
            "tributary vacuum curated --retention-hours 0 --force")
    {
        Arguments.Add(_table);
        Options.Add(_retentionHours);
        Options.Add(_dryRun);
        Options.Add(_force);
        AddFormatOption();
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var hours = context.ParseResult.GetValue(_retentionHours);
        if (hours is < 0 or > 24 * 365 * 100)
        {
            throw new CliUsageException($"--retention-hours must be between 0 and {24 * 365 * 100}, not {hours}.");
        }

        var folder = FinalTables.Resolve(context.ParseResult.GetValue(_table)!, context.Options.Load, context.Options.Storage.DataRoot);
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(folder), cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = await table.VacuumAsync(
            hours is { } h ? TimeSpan.FromHours(h) : null,
            context.ParseResult.GetValue(_dryRun),
            context.ParseResult.GetValue(_force),
            cancellationToken).ConfigureAwait(false);
        context.Report(result, r =>
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{(r.DryRun ? "Would delete" : "Deleted")} {r.Files.Count} files (retention {r.Retention.TotalHours} hours) in {folder}.");
            foreach (var file in r.Files)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {file}");
            }

            return text.ToString();
        });
        return ExitCodes.Ok;
    }
}
