using System.Diagnostics;

namespace Tributary.Bench.Common;

/// <summary>The process's CPU time, bytes allocated and a timestamp at one moment: what a focused bench reports per pass.</summary>
internal readonly record struct CostMark(TimeSpan Cpu, long Allocated, long Timestamp)
{
    public static CostMark Now() =>
        new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), Stopwatch.GetTimestamp());

    /// <summary>What the process has spent since this mark.</summary>
    public Cost Elapsed() => new(
        Stopwatch.GetElapsedTime(Timestamp).TotalSeconds,
        (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds,
        GC.GetTotalAllocatedBytes(precise: true) - Allocated);
}
