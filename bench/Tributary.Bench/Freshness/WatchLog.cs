using Microsoft.Extensions.Logging;

namespace Tributary.Bench.Freshness;

/// <summary>
/// The logger handed to the watch service under test: it tells the bench when watching started, and keeps warnings
/// and errors so that a failing run explains itself instead of only timing out.
/// </summary>
internal sealed class WatchLog : ILogger
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _problems = [];

    /// <summary>Completes when the service logs that it is watching <c>source/</c>.</summary>
    public Task Started => _started.Task;

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        if (message.StartsWith("watch: watching", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }

        if (logLevel >= LogLevel.Warning)
        {
            lock (_problems)
            {
                _problems.Add($"{logLevel}: {message}{(exception is null ? string.Empty : " " + exception.Message)}");
            }
        }
    }
}
