using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Tributary.Cli.Internal;

/// <summary>
/// Replaces the help action so that <c>--help</c> ends with an "Examples:" section, for the root command and for
/// every <see cref="TributaryCommand"/>.
/// </summary>
internal sealed class HelpExamples(HelpAction standardHelp, Command root, IReadOnlyList<string> rootExamples)
    : SynchronousCommandLineAction
{
    public static void Install(Command root, IReadOnlyList<string> rootExamples)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is not HelpAction standard)
        {
            throw new InvalidOperationException("The root command's help option has no standard help action.");
        }

        help.Action = new HelpExamples(standard, root, rootExamples);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = standardHelp.Invoke(parseResult);
        var command = parseResult.CommandResult.Command;
        var examples = command switch
        {
            TributaryCommand tributary => tributary.Examples,
            _ when ReferenceEquals(command, root) => rootExamples,
            _ => [],
        };
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine($"  {example}");
            }

            output.WriteLine();
        }

        return exitCode;
    }
}
