using System.Diagnostics;

namespace Tributary.Bench.Pipeline;

/// <summary>Time spent in one stage, summed over every thread that ran it (stages overlap across shards).</summary>
internal sealed class StageClock
{
    private long _ticks;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public long Start() => Stopwatch.GetTimestamp();

    public void Stop(long started) => Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);

    public void Add(TimeSpan elapsed) => Interlocked.Add(ref _ticks, (long)(elapsed.TotalSeconds * Stopwatch.Frequency));
}
