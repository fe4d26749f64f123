using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tributary.Configuration;

namespace Tributary.Cli;

/// <summary>What a command needs from the command line: shared options, output writers and the configuration.</summary>
internal sealed class CommandContext
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private TributaryOptions? _options;

    public CommandContext(ParseResult parseResult)
    {
        ParseResult = parseResult;
        Out = parseResult.InvocationConfiguration.Output;
        Error = parseResult.InvocationConfiguration.Error;
        Verbose = parseResult.GetValue<bool>(SharedOptions.VerboseName);
        ConfigPath = parseResult.GetValue<string?>(SharedOptions.ConfigName);
        Format = parseResult.GetResult(SharedOptions.FormatName) is OptionResult { Option: Option<OutputFormat?> format }
            ? parseResult.GetValue(format) ?? OutputFormat.Text
            : OutputFormat.Text;
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult ParseResult { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether <c>--verbose</c> was given.</summary>
    public bool Verbose { get; }

    /// <summary>The <c>--config</c> path, when given.</summary>
    public string? ConfigPath { get; }

    /// <summary>The report format (<c>--format text|json</c>); text when the command has no such option.</summary>
    public OutputFormat Format { get; }

    /// <summary>
    /// Loads and validates the configuration once (<c>--config</c>, else <c>tributary.json</c> in the working folder,
    /// then <c>TRIBUTARY__Section__Key</c> environment variables). Throws <see cref="TributaryConfigurationException"/>.
    /// </summary>
    public TributaryOptions Options => _options ??= TributaryConfigurationLoader.Load(ConfigPath, Environment.CurrentDirectory);

    /// <summary>Writes a progress line to standard error when <c>--verbose</c> is on.</summary>
    public void Trace(string line)
    {
        if (Verbose)
        {
            Error.WriteLine(line);
        }
    }

    /// <summary>
    /// Prints a command's result: as indented JSON (camelCase) with <c>--format json</c>, else as the given text.
    /// </summary>
    public void Report<T>(T report, Func<T, string> text) => Report(report, text, Format);

    /// <summary>Prints a command's result in the given format (for a command whose <c>--format</c> means something else).</summary>
    public void Report<T>(T report, Func<T, string> text, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            Out.WriteLine(JsonSerializer.Serialize(report, ReportJson));
        }
        else
        {
            Out.Write(text(report));
        }
    }
}
