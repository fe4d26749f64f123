namespace Tributary.Cli.Tests;

public sealed class HelpTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in TributaryCli.BuildRootCommand().Subcommands)
        {
            data.Add(command.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_help_ends_with_examples_of_that_command(string command)
    {
        var run = await CliRun.InvokeAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n');
        var examples = Array.IndexOf(lines, "Examples:");
        Assert.True(examples > 0, $"'{command} --help' has no Examples section:\n{run.Out}");
        Assert.StartsWith($"  tributary {command} ", lines[examples + 1]);
    }

    [Fact]
    public async Task Root_help_lists_the_commands_and_examples()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Contains("Usage:\n  tributary [command] [options]", run.Out, StringComparison.Ordinal);
        Assert.Contains("  generate ", run.Out, StringComparison.Ordinal);
        Assert.Contains("Examples:\n  tributary ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_working_commands_are_registered()
    {
        var names = TributaryCli.BuildRootCommand().Subcommands.Select(c => c.Name).ToList();

        Assert.Contains("generate", names);
        Assert.All(TributaryCli.BuildRootCommand().Subcommands, c => Assert.IsAssignableFrom<TributaryCommand>(c));
        Assert.Equal(names.Distinct().Count(), names.Count);
    }
}
