using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tributary.Configuration;
using Tributary.Generation;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary generate</c>: writes realistic JSON input from a Mockaroo schema.</summary>
internal sealed class GenerateCommand : TributaryCommand
{
    private readonly Option<long?> _rows = new("--rows", "-n")
    {
        Description = "Records per file (default: the schema's num_rows).",
        HelpName = "N",
        CustomParser = result => ParseAtLeast(result, "--rows", 0),
    };

    private readonly Option<int> _files = new("--files", "-f")
    {
        Description = "Number of files.",
        HelpName = "F",
        DefaultValueFactory = _ => 1,
        CustomParser = result => (int)ParseAtLeast(result, "--files", 1),
    };

    private readonly Option<string?> _out = new("--out", "-o")
    {
        Description = "Output folder (default: source/ under the configured data root).",
        HelpName = "DIR",
    };

    private readonly Option<long?> _seed = new("--seed", "-s")
    {
        Description = "Random seed; the same seed gives byte-identical files (default: a random seed, printed).",
        HelpName = "S",
    };

    private readonly Option<GeneratedFileFormat?> _format = new("--format")
    {
        Description = "File layout: array (one JSON array per file, the default) or jsonl (JSON Lines).",
        HelpName = "array|jsonl",
        CustomParser = ParseFileFormat,
    };

    private readonly Option<bool> _gzip = new("--gzip")
    {
        Description = "Gzip each file (.json.gz / .jsonl.gz).",
    };

    private readonly Option<string?> _schema = new("--schema")
    {
        Description = "Mockaroo schema file (default: mock-data-schema.json in the data root, else the built-in retail schema).",
        HelpName = "PATH",
    };

    // --format is the file layout here (as in Mockaroo), so the report format is --report.
    private readonly Option<OutputFormat?> _report = SharedOptions.CreateFormat("--report");

    public GenerateCommand()
        : base(
            "generate",
            "Generate JSON records from a Mockaroo schema (the retail schema by default): deterministic for a seed, streamed to any size.",
            "tributary generate --rows 500 --files 3 --seed 42",
            "tributary generate --rows 100000 --files 10 --out /tmp/retail --seed 7 --format jsonl --gzip",
            "tributary generate --schema my-schema.json --rows 1000 --out ./data/source --report json")
    {
        Options.Add(_rows);
        Options.Add(_files);
        Options.Add(_out);
        Options.Add(_seed);
        Options.Add(_format);
        Options.Add(_gzip);
        Options.Add(_schema);
        Options.Add(_report);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var options = context.Options;
        var schemaPath = parse.GetValue(_schema);
        var defaultSchema = Path.Combine(options.Storage.DataRoot, "mock-data-schema.json");
        MockarooSchema schema;
        if (schemaPath is not null)
        {
            schema = MockarooSchema.Load(Path.GetFullPath(schemaPath));
        }
        else if (File.Exists(defaultSchema))
        {
            schemaPath = defaultSchema;
            schema = MockarooSchema.Load(defaultSchema);
        }
        else
        {
            schema = MockarooSchema.Retail;
        }

        var generator = new DataGenerator(schema);
        var seed = parse.GetValue(_seed) is { } given ? unchecked((ulong)given) : RandomSeed();
        var request = new GenerateRequest
        {
            OutputDirectory = Path.GetFullPath(parse.GetValue(_out) ?? Path.Combine(options.Storage.DataRoot, DataLayout.Source)),
            RowsPerFile = parse.GetValue(_rows) ?? schema.NumRows,
            Files = parse.GetValue(_files),
            Seed = seed,
            Format = parse.GetValue(_format) ?? (schema.Array ? GeneratedFileFormat.Array : GeneratedFileFormat.JsonLines),
            Gzip = parse.GetValue(_gzip),
        };
        context.Trace($"schema {schemaPath ?? "(built-in retail schema)"}: {schema.Columns.Count} columns; writing {request.Files} x {request.RowsPerFile} records to {request.OutputDirectory}");
        var progress = context.Verbose ? new SynchronousProgress(file => context.Trace($"wrote {file.Path} ({file.Records} records, {file.Bytes} bytes)")) : null;
        var result = await generator.GenerateFilesAsync(request, progress, cancellationToken).ConfigureAwait(false);

        var report = new GenerateReport(
            request.OutputDirectory,
            schemaPath ?? "built-in:retail",
            unchecked((long)result.Seed),
            result.Files.Count,
            result.Records,
            result.Bytes,
            Math.Round(result.Elapsed.TotalSeconds, 3),
            result.Elapsed.TotalSeconds > 0 ? Math.Round(result.Records / result.Elapsed.TotalSeconds) : 0,
            [.. result.Files.Select(f => new GenerateReport.File(f.Path, f.Records, f.Bytes))]);
        context.Report(report, FormatText, parse.GetValue(_report) ?? OutputFormat.Text);
        return ExitCodes.Ok;
    }

    private static string FormatText(GenerateReport report)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"generated {report.Files} file(s), {report.Records:N0} records, {report.Bytes:N0} bytes in {report.Seconds:0.00} s ({report.RecordsPerSecond:N0} records/s)\n");
        text.Append(culture, $"folder {report.Out}\n");
        text.Append(culture, $"seed {report.Seed} (repeat with --seed {report.Seed} for the same bytes)\n");
        return text.ToString();
    }

    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;

    private static long ParseAtLeast(ArgumentResult result, string option, long minimum)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value > int.MaxValue)
        {
            result.AddError($"{option}: '{token}' is not a whole number.");
            return minimum;
        }

        if (value < minimum)
        {
            result.AddError($"{option} must be at least {minimum}, not {value}.");
        }

        return value;
    }

    private static GeneratedFileFormat? ParseFileFormat(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        switch (token.ToLowerInvariant())
        {
            case "array":
            case "json":
                return GeneratedFileFormat.Array;
            case "jsonl":
            case "jsonlines":
                return GeneratedFileFormat.JsonLines;
            default:
                result.AddError($"--format: '{token}' is not a file layout; allowed values: array, jsonl.");
                return null;
        }
    }

    private sealed class SynchronousProgress(Action<GeneratedFile> report) : IProgress<GeneratedFile>
    {
        private readonly Lock _lock = new();

        public void Report(GeneratedFile value)
        {
            lock (_lock)
            {
                report(value);
            }
        }
    }
}
