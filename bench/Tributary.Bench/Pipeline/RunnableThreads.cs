using System.Diagnostics;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Samples how many of the process's threads are runnable (state R in <c>/proc/self/task/*/stat</c>: running or
/// waiting for a core) every few milliseconds. Unlike CPU seconds per wall second, this does not drop when other
/// processes take the cores: it says how many cores the pipeline could keep busy, so idle gaps show even under load.
/// </summary>
internal sealed class RunnableThreads : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private readonly List<(double Seconds, int Runnable)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private volatile bool _stopped;

    public RunnableThreads()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "runnable-threads sampler" };
        if (Directory.Exists("/proc/self/task"))
        {
            _thread.Start();
        }
    }

    /// <summary>Seconds since the sampler started (the clock the samples carry).</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>
    /// Between two times of <see cref="Now"/>: the mean number of runnable threads, counting at most
    /// <paramref name="cores"/>, and the share of samples with at least <paramref name="cores"/> runnable.
    /// </summary>
    public (double Mean, double AllCores) Between(double from, double to, int cores)
    {
        lock (_samples)
        {
            var window = _samples.Where(s => s.Seconds >= from && s.Seconds < to).ToList();
            if (window.Count == 0)
            {
                return (0, 0);
            }

            return (window.Average(s => Math.Min(cores, s.Runnable)), window.Count(s => s.Runnable >= cores) / (double)window.Count);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    /// <summary>Writes the samples as "seconds runnable" lines (for a plot of a run), when asked to.</summary>
    public void WriteTimeline(string path)
    {
        lock (_samples)
        {
            File.WriteAllLines(path, _samples.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Seconds:F3} {s.Runnable}")));
        }
    }

    private void Run()
    {
        // Cheap on purpose (no allocation per read): a sampler that allocates shows up in the GC it measures. Each
        // thread's stat file stays open and is read again from its start (the kernel renders it anew on every read):
        // opening ~30 files every 10 ms was 3% of a 1M run's CPU samples.
        var self = Path.GetFileName(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(false)?.FullName ?? "");
        var buffer = new byte[512];
        var handles = new Dictionary<string, Microsoft.Win32.SafeHandles.SafeFileHandle>(StringComparer.Ordinal);
        try
        {
            for (var sample = 0; !_stopped; sample++)
            {
                if (sample % 20 == 0)
                {
                    Refresh(handles, self);
                }

                var runnable = 0;
                foreach (var handle in handles.Values)
                {
                    try
                    {
                        var read = RandomAccess.Read(handle, buffer, 0);
                        var state = buffer.AsSpan(0, read).LastIndexOf((byte)')') + 2;
                        if (state > 1 && state < read && buffer[state] == (byte)'R')
                        {
                            runnable++;
                        }
                    }
                    catch (IOException)
                    {
                        // The thread ended since the listing (ESRCH).
                    }
                }

                lock (_samples)
                {
                    _samples.Add((Now, runnable));
                }

                Thread.Sleep(Interval);
            }
        }
        finally
        {
            foreach (var handle in handles.Values)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>Opens the stat files of threads started since the last listing and closes those of threads that ended.</summary>
    private static void Refresh(Dictionary<string, Microsoft.Win32.SafeHandles.SafeFileHandle> handles, string self)
    {
        var current = Directory.EnumerateDirectories("/proc/self/task").Select(Path.GetFileName).Where(t => t != self).ToHashSet(StringComparer.Ordinal);
        foreach (var ended in handles.Keys.Where(t => !current.Contains(t)).ToList())
        {
            handles[ended].Dispose();
            handles.Remove(ended);
        }

        foreach (var thread in current)
        {
            if (thread is not null && !handles.ContainsKey(thread))
            {
                try
                {
                    handles[thread] = File.OpenHandle($"/proc/self/task/{thread}/stat");
                }
                catch (IOException)
                {
                    // The thread ended since the listing.
                }
            }
        }
    }
}
