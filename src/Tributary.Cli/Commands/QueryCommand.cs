using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Tributary.Aws.Composition;
using Tributary.Load;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary query "SQL"</c>: DuckDB over the current snapshots of the final tables (views <c>curated</c>,
/// <c>sales_summary</c>, <c>rejected</c>), the staging files (<c>staging</c>) and any Delta table given with
/// <c>--table NAME=PATH</c>. Only the views the SQL names are registered.
/// </summary>
internal sealed class QueryCommand : TributaryCommand
{
    private readonly Argument<string> _sql = new("SQL") { Description = "The query (DuckDB SQL)." };

    private readonly Option<string[]> _tables = new("--table")
    {
        Description = "Register a Delta table folder as a view: NAME=PATH (repeatable; Spark-written tables too).",
        HelpName = "NAME=PATH",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<long?> _version = new("--version") { Description = "Read the Delta tables at this version.", HelpName = "N" };

    private readonly Option<DateTimeOffset?> _asOf = new("--as-of")
    {
        Description = "Read the Delta tables as they were at this time (ISO 8601; UTC when no offset is given).",
        HelpName = "TIMESTAMP",
        CustomParser = ParseTimestamp,
    };

    private readonly Option<QueryOutputFormat> _format = new("--format")
    {
        Description = "Output: table (aligned text), csv or json.",
        HelpName = "table|csv|json",
        DefaultValueFactory = _ => QueryOutputFormat.Table,
        CustomParser = ParseFormat,
    };

    public QueryCommand()
        : base("query", "Query the final tables, the staging files or any Delta table with SQL (DuckDB).",
            "tributary query \"SELECT region, sum(total_sales) FROM sales_summary GROUP BY region\"",
            "tributary query \"SELECT count(*) FROM curated\" --version 3",
            "tributary query \"SELECT * FROM t LIMIT 5\" --table t=./spark/events --format csv")
    {
        Arguments.Add(_sql);
        Options.Add(_tables);
        Options.Add(_version);
        Options.Add(_asOf);
        Options.Add(_format);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var sql = parse.GetValue(_sql)!;
        var version = parse.GetValue(_version);
        var asOf = parse.GetValue(_asOf);
        if (version is not null && asOf is not null)
        {
            throw new CliUsageException("--version and --as-of cannot be used together.");
        }

        if (version is < 0)
        {
            throw new CliUsageException($"--version must be 0 or more, not {version}.");
        }

        var tables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in parse.GetValue(_tables) ?? [])
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == entry.Length - 1)
            {
                throw new CliUsageException($"--table '{entry}' is not NAME=PATH.");
            }

            tables[entry[..equals].Trim()] = Path.GetFullPath(entry[(equals + 1)..].Trim());
        }

        // The final tables and staging need the configuration; a query over --table only does not.
        var mentioned = FinalTables.Names.Append("staging").Where(n => !tables.ContainsKey(n) && Mentions(sql, n)).ToList();
        await using var transports = mentioned.Count > 0 ? PipelineTransports.Create(context.Options) : null;
        using var session = transports?.OpenQuerySession() ?? DeltaQuerySession.Open();
        session.ScopeTo(sql);
        foreach (var (name, folder) in tables)
        {
            var (snapshot, files) = await session.RegisterTableAsync(name, folder, version, asOf, cancellationToken).ConfigureAwait(false);
            context.Trace($"query: {name} = {folder} version {snapshot.Version.ToString(CultureInfo.InvariantCulture)}, {FilesRead(files, snapshot)}");
        }

        foreach (var name in mentioned.Where(n => n != "staging"))
        {
            // A final table not created yet stays unregistered; DuckDB then names it in its error.
            if (await transports!.TryRegisterFinalTableAsync(session, name, version, asOf, cancellationToken).ConfigureAwait(false) is var (snapshot, files))
            {
                context.Trace($"query: {name} = {transports.ObjectStore.Location} {FinalTables.KeyOf(name, transports.Options.Load)} version {snapshot.Version.ToString(CultureInfo.InvariantCulture)}, {FilesRead(files, snapshot)}");
            }
        }

        if (mentioned.Contains("staging"))
        {
            var files = await transports!.RegisterStagingAsync(session, "staging", cancellationToken).ConfigureAwait(false);
            context.Trace($"query: staging = {files.ToString(CultureInfo.InvariantCulture)} files");
        }

        using var reader = session.Execute(sql);
        QueryOutput.Write(reader, context.Out, parse.GetValue(_format));
        return ExitCodes.Ok;
    }

    private static string FilesRead(int files, Delta.DeltaSnapshot snapshot) =>
        string.Create(CultureInfo.InvariantCulture, $"reads {files} of {snapshot.Files.Count} files");

    private static bool Mentions(string sql, string name) =>
        Regex.IsMatch(sql, $@"(?<![\w""]){Regex.Escape(name)}(?![\w""])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static DateTimeOffset? ParseTimestamp(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        result.AddError($"--as-of: '{token}' is not a timestamp (for example 2025-01-31T12:00:00Z).");
        return null;
    }

    private static QueryOutputFormat ParseFormat(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "table";
        switch (token.ToLowerInvariant())
        {
            case "table":
                return QueryOutputFormat.Table;
            case "csv":
                return QueryOutputFormat.Csv;
            case "json":
                return QueryOutputFormat.Json;
            default:
                result.AddError($"--format: '{token}' is not an output format; allowed values: table, csv, json.");
                return QueryOutputFormat.Table;
        }
    }
}
