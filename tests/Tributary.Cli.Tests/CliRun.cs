namespace Tributary.Cli.Tests;

/// <summary>The outcome of one <c>tributary</c> invocation.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs the command line in-process with captured output.</summary>
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await TributaryCli.InvokeAsync(args, output, error, CancellationToken.None);
        return new CliRun(exitCode, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
