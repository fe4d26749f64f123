using System.CommandLine;

namespace Tributary.Cli;

/// <summary>
/// The options every command shares. <see cref="Config"/> and <see cref="Verbose"/> are recursive on the root
/// command; a command that reports something adds <see cref="Format"/> to itself.
/// </summary>
internal static class SharedOptions
{
    /// <summary><c>--config PATH</c>: the configuration file (default: <c>tributary.json</c> in the working folder).</summary>
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "Configuration file (default: tributary.json in the working folder, when present).",
        HelpName = "PATH",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: more progress output, and the stack trace of an error.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print more detail, and the stack trace when a command fails.",
        Recursive = true,
    };

    /// <summary><c>--format text|json</c>: how the command prints its report.</summary>
    public static readonly Option<OutputFormat> Format = new("--format")
    {
        Description = "Report format: text for people, json for scripts.",
        HelpName = "text|json",
        DefaultValueFactory = _ => OutputFormat.Text,
        CustomParser = result => ParseFormat(result),
    };

    private static OutputFormat ParseFormat(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "text";
        switch (token.ToLowerInvariant())
        {
            case "text":
                return OutputFormat.Text;
            case "json":
                return OutputFormat.Json;
            default:
                result.AddError($"--format: '{token}' is not a report format; allowed values: text, json.");
                return OutputFormat.Text;
        }
    }
}
