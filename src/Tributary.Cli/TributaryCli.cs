using System.CommandLine;
using System.CommandLine.Help;
using Tributary.Cli.Commands;
using Tributary.Cli.Internal;

namespace Tributary.Cli;

/// <summary>Builds the <c>tributary</c> root command and runs it with the project's exit codes and error style.</summary>
internal static class TributaryCli
{
    /// <summary>Builds the root command with every command that works. Add one line per new command here.</summary>
    public static Command BuildRootCommand()
    {
        // A plain command rather than RootCommand, whose name would be the executable's (Tributary.Cli when run as
        // a .NET tool or with dotnet run) instead of the command people type.
        var root = new Command("tributary", "Tributary streams JSON files into Delta Lake tables, on one machine or on AWS.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(SharedOptions.CreateConfig());
        root.Options.Add(SharedOptions.CreateVerbose());

        // One line per command, alphabetical.
        root.Subcommands.Add(new GenerateCommand());
        root.Subcommands.Add(new HistoryCommand());
        root.Subcommands.Add(new LoadCommand());
        root.Subcommands.Add(new OptimizeCommand());
        root.Subcommands.Add(new QueryCommand());
        root.Subcommands.Add(new ReportCommand());
        root.Subcommands.Add(new RunCommand());
        root.Subcommands.Add(new StatusCommand());
        root.Subcommands.Add(new VacuumCommand());
        root.Subcommands.Add(new WatchCommand());

        HelpExamples.Install(root, [
            "tributary generate --rows 500 --files 3 --seed 42",
            "tributary --config ~/retail/tributary.json <command>",
        ]);
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. Usage errors print one line and return 2; a failing command prints one line
    /// (the stack trace too with <c>--verbose</c>) and returns 1.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = BuildRootCommand();
        var parseResult = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };

        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpExamples)
        {
            // "Required command was not provided" comes along with a more telling error (an unknown word) when there is one.
            var first = parseResult.UnmatchedTokens.Count > 0
                ? parseResult.Errors.FirstOrDefault(e => e.Message.Contains($"'{parseResult.UnmatchedTokens[0]}'", StringComparison.Ordinal)) ?? parseResult.Errors[0]
                : parseResult.Errors[0];
            error.WriteLine($"tributary: {OneLine(first.Message)} (see '{HelpCommand(parseResult)}')");
            return ExitCodes.Usage;
        }

        var verbose = parseResult.GetValue<bool>(SharedOptions.VerboseName);
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            error.WriteLine($"tributary: {OneLine(ex.Message)} (see '{HelpCommand(parseResult)}')");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException ex)
        {
            // Ctrl+C cancels the token System.CommandLine hands to the command (not ours); either way, one line.
            error.WriteLine("tributary: cancelled");
            if (verbose)
            {
                error.WriteLine(ex.ToString());
            }

            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The command line is the outermost layer: every failure becomes one line and exit code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error.WriteLine($"tributary: error: {OneLine(ex.Message)}");
            if (verbose)
            {
                error.WriteLine(ex.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    private static string HelpCommand(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        return command.Name == "tributary" ? "tributary --help" : $"tributary {command.Name} --help";
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
