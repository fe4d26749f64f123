using System.CommandLine;
using Tributary.Cli.Internal;

namespace Tributary.Cli;

/// <summary>Builds the <c>tributary</c> root command and runs it with the project's exit codes and error style.</summary>
internal static class TributaryCli
{
    /// <summary>Builds the root command with every command that works. Add one line per new command here.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Tributary streams JSON files into Delta Lake tables, on one machine or on AWS.");
        root.Options.Add(SharedOptions.Config);
        root.Options.Add(SharedOptions.Verbose);

        // One line per command (keep alphabetical): root.Subcommands.Add(new XCommand());
        root.Subcommands.Add(new Commands.ReportCommand());

        HelpExamples.Install(root, [
            "tributary --help",
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
            var command = string.Join(' ', parseResult.CommandResult.Command.Name == root.Name
                ? ["tributary"]
                : new[] { "tributary", parseResult.CommandResult.Command.Name });
            error.WriteLine($"tributary: {OneLine(parseResult.Errors[0].Message)} (see '{command} --help')");
            return ExitCodes.Usage;
        }

        var verbose = parseResult.GetValue(SharedOptions.Verbose);
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            error.WriteLine($"tributary: {OneLine(ex.Message)} (see 'tributary {parseResult.CommandResult.Command.Name} --help')");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("tributary: cancelled");
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

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
