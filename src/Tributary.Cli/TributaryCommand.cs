using System.CommandLine;

namespace Tributary.Cli;

/// <summary>
/// Base of every <c>tributary</c> subcommand: it wires the action to <see cref="ExecuteAsync"/> and carries the
/// examples that <c>--help</c> prints.
/// </summary>
internal abstract class TributaryCommand : Command
{
    protected TributaryCommand(string name, string description, params string[] examples)
        : base(name, description)
    {
        if (examples.Length == 0)
        {
            throw new ArgumentException($"Command '{name}' needs at least one example for its --help.", nameof(examples));
        }

        Examples = examples;
        SetAction((parseResult, cancellationToken) => ExecuteAsync(new CommandContext(parseResult), cancellationToken));
    }

    /// <summary>Adds <c>--format text|json</c>; <see cref="CommandContext.Report{T}(T, Func{T, string})"/> then honours it.</summary>
    protected void AddFormatOption() => Options.Add(SharedOptions.CreateFormat());

    /// <summary>Example command lines, printed under "Examples:" by <c>--help</c>.</summary>
    public IReadOnlyList<string> Examples { get; }

    /// <summary>Runs the command and returns its exit code; throws to fail (see <see cref="TributaryCli"/>).</summary>
    protected abstract Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}
