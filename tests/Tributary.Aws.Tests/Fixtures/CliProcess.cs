using System.Diagnostics;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>Runs the real <c>tributary</c> binary as a user does, in a child process that inherits this environment.</summary>
internal static class CliProcess
{
    /// <summary>The outcome of one invocation.</summary>
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + "\n" + Error;
    }

    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        // The test project references Tributary.Cli, so its binary sits beside the tests.
        var dll = Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll");
        Assert.True(File.Exists(dll), $"The CLI was not built: {dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"tributary {string.Join(' ', arguments)} did not finish within {timeout}: {await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
