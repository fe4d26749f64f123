namespace Tributary.Watch.Internal;

/// <summary>
/// Wakes <c>watch</c> when something lands under the local source folder. Notifications can be lost (buffer
/// overflow, network file systems), which is why the periodic listing stays the safety net.
/// </summary>
internal sealed class SourceNotifier : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly SemaphoreSlim _signal = new(0, 1);

    public SourceNotifier(string folder)
    {
        Directory.CreateDirectory(folder);
        _watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, _) => Wake();
        _watcher.Changed += (_, _) => Wake();
        _watcher.Renamed += (_, _) => Wake();
        _watcher.Error += (_, _) => Wake();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Waits until a notification arrives or <paramref name="timeout"/> passes; true when notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one pending wake-up covers any number of notifications.
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _signal.Dispose();
    }
}
