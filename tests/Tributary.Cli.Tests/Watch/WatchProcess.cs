using System.Text;
using Tributary.TestSupport;
using ChildProcess = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;

namespace Tributary.Cli.Tests.Watch;

/// <summary><c>tributary watch</c> running as a child process, with its standard error captured.</summary>
internal sealed class WatchProcess : IDisposable
{
    private readonly ChildProcess _process;
    private readonly StringBuilder _log = new();

    public WatchProcess(string workingFolder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll"));
        start.ArgumentList.Add("watch");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        ChildTempFolder.Use(start, workingFolder);
        _process = ChildProcess.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails, with the log, when watch exits first or
    /// <paramref name="deadline"/> passes.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what = "the expected state")
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.False(HasExited, "watch exited early:\n" + Log);
            Assert.True(clock.Elapsed < deadline, $"watch did not reach {what} within {deadline.TotalSeconds} s:\n{Log}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the log contains <paramref name="text"/> (see <see cref="WaitUntilAsync"/>).</summary>
    public Task WaitForLogAsync(string text, TimeSpan deadline) =>
        WaitUntilAsync(() => Task.FromResult(Log.Contains(text, StringComparison.Ordinal)), deadline, $"'{text}' in its log");

    /// <summary>Sends SIGTERM (what a service manager sends) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalAsync();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends SIGTERM without waiting.</summary>
    public async Task SignalAsync()
    {
        using var kill = ChildProcess.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
