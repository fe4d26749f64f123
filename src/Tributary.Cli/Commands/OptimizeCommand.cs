using System.CommandLine;
using System.Globalization;
using Tributary.Delta;
using Tributary.Load;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary optimize TABLE</c>: compacts small files, partition by partition.</summary>
internal sealed class OptimizeCommand : TributaryCommand
{
    private readonly Argument<string> _table = new("TABLE") { Description = "A final table (curated, sales_summary, rejected) or a Delta table folder." };

    private readonly Option<long> _targetSize = new("--target-size-mb")
    {
        Description = "The size compacted files aim at, in MiB.",
        HelpName = "MB",
        DefaultValueFactory = _ => 128,
    };

    public OptimizeCommand()
        : base("optimize", "Compact a Delta table's small files into larger ones (rows unchanged).",
            "tributary optimize curated",
            "tributary optimize ./data/final/sales_summary --target-size-mb 64 --format json")
    {
        Arguments.Add(_table);
        Options.Add(_targetSize);
        AddFormatOption();
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var megabytes = context.ParseResult.GetValue(_targetSize);
        if (megabytes is <= 0 or > 1 << 20)
        {
            throw new CliUsageException($"--target-size-mb must be between 1 and {1 << 20}, not {megabytes}.");
        }

        var folder = FinalTables.Resolve(context.ParseResult.GetValue(_table)!, context.Options.Load, context.Options.Storage.DataRoot);
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(folder), cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = await table.OptimizeAsync(megabytes * 1024 * 1024, null, cancellationToken).ConfigureAwait(false);
        context.Report(result, r => r.FilesRemoved == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Nothing to compact in {folder} (version {r.Version}).\n")
            : string.Create(CultureInfo.InvariantCulture, $"Compacted {r.FilesRemoved} files into {r.FilesAdded} in {r.PartitionsOptimized} partitions: version {r.Version}.\n"));
        return ExitCodes.Ok;
    }
}
