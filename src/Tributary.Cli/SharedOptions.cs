using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tributary.Cli;

/// <summary>
/// The options every command shares. <c>--config</c> and <c>--verbose</c> are recursive on the root command; a
/// command that reports something calls <see cref="TributaryCommand.AddFormatOption"/> to accept <c>--format</c>.
/// Each root command gets fresh option instances (symbols are mutable and must not be shared between parsers).
/// </summary>
internal static class SharedOptions
{
    public const string ConfigName = "--config";
    public const string VerboseName = "--verbose";
    public const string FormatName = "--format";

    /// <summary><c>--config PATH</c>: the configuration file (default: <c>tributary.json</c> in the working folder).</summary>
    public static Option<string?> CreateConfig() => new(ConfigName, "-c")
    {
        Description = "Configuration file (default: tributary.json in the working folder, when present).",
        HelpName = "PATH",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: more progress output, and the stack trace of an error.</summary>
    public static Option<bool> CreateVerbose() => new(VerboseName, "-v")
    {
        Description = "Print more detail, and the stack trace when a command fails.",
        Recursive = true,
    };

    /// <summary><c>--format text|json</c>: how the command prints its report (text when absent).</summary>
    public static Option<OutputFormat?> CreateFormat(string name = FormatName) => new(name)
    {
        Description = "Report format: text for people (the default), json for scripts.",
        HelpName = "text|json",
        CustomParser = result => ParseFormat(result, name),
    };

    private static OutputFormat? ParseFormat(ArgumentResult result, string name)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        switch (token.ToLowerInvariant())
        {
            case "text":
                return OutputFormat.Text;
            case "json":
                return OutputFormat.Json;
            default:
                result.AddError($"{name}: '{token}' is not a report format; allowed values: text, json.");
                return null;
        }
    }
}
