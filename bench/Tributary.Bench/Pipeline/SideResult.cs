namespace Tributary.Bench.Pipeline;

/// <summary>What one side of the comparison measured, passed from its child process to the bench as one JSON line.</summary>
internal sealed record SideResult
{
    public required string Side { get; init; }

    public long Records { get; init; }

    public long Rows { get; init; }

    public long InputBytes { get; init; }

    public long OutputBytes { get; init; }

    public double WallSeconds { get; init; }

    public double CpuSeconds { get; init; }

    public long PeakRssBytes { get; init; }

    public long AllocatedBytes { get; init; }

    /// <summary>Time the runtime paused threads for garbage collection, and collections per generation (0, 1, 2).</summary>
    public double GcPauseSeconds { get; init; }

    public int[] Collections { get; init; } = [];

    /// <summary>Time the JIT compiler spent on all threads, and the methods it compiled (each tier counts once).</summary>
    public double JitSeconds { get; init; }

    public long JitMethods { get; init; }

    /// <summary>The pipeline's two phases (extract, then drain), each with wall and CPU seconds.</summary>
    public List<PhaseSeconds> Phases { get; init; } = [];

    /// <summary>Per stage, the seconds it took summed over its threads (pipeline side only), in flow order.</summary>
    public List<StageSeconds> Stages { get; init; } = [];

    /// <summary>Counts worth printing (raw objects, staging objects…), in print order.</summary>
    public List<KeyValuePair<string, long>> Counts { get; init; } = [];
}

/// <summary>
/// One phase's wall and CPU time, and the threads it kept runnable (<see cref="RunnableThreads"/>): on average,
/// counting at most the number of cores, and the share of the time it had at least one per core.
/// </summary>
internal sealed record PhaseSeconds(string Phase, double Seconds, double CpuSeconds, double RunnableMean = 0, double AllCoresRunnable = 0);

/// <summary>One stage's time.</summary>
internal sealed record StageSeconds(string Stage, double Seconds);
