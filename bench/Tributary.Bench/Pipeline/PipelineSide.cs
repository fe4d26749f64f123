using System.Diagnostics;
using Tributary.Bench.Common;
using Tributary.Configuration;
using Tributary.Runtime;
using Tributary.Runtime.Internal;
using Tributary.Storage;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The Tributary side, run in its own process: the local pipeline up to staging (no load) with default
/// configuration: <see cref="LocalPipeline"/> itself, with clocks around the stream, the process handler, the
/// transformation, the delivery stream and its staging objects (<see cref="PipelineDecorators"/>).
/// </summary>
internal static class PipelineSide
{
    /// <summary>Runs on the files of <paramref name="input"/>, copied into <c>source/</c> of a fresh <paramref name="dataRoot"/>.</summary>
    /// <param name="input">The generated source files.</param>
    /// <param name="dataRoot">The data root to run in.</param>
    /// <param name="flushToDisk"><c>Stream:FlushToDisk</c> (the default configuration has it on).</param>
    public static async Task<SideResult> RunAsync(string input, string dataRoot, bool flushToDisk)
    {
        var root = FreshDataRoot.Create(input, dataRoot);

        // Defaults, with TRIBUTARY__Section__Key environment variables applied as `tributary run` applies them.
        var options = TributaryConfigurationLoader.Load(null, dataRoot);
        options.Storage.DataRoot = dataRoot;
        options.Stream.FlushToDisk = flushToDisk;
        var store = new LocalObjectStore(dataRoot);

        var stream = new StageClock();
        var puts = new StageClock();
        var process = new StageClock();
        var deliveryCalls = new StageClock();
        var deliver = new StageClock();
        var transform = new StageClock();

        // Every file and folder sync of the run, and those of stream segments (the puts) alone.
        long syncs = 0;
        long segmentSyncs = 0;
        Tributary.Delta.Internal.DurableFiles.Observer = path =>
        {
            Interlocked.Increment(ref syncs);
            if (path.EndsWith(".log", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref segmentSyncs);
            }
        };

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var paused = GC.GetTotalPauseDuration();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var wall = Stopwatch.StartNew();
        using var runnable = new RunnableThreads();
        var started = runnable.Now;
        var extractEnded = started;

        // The pipeline as `tributary run --no-load` runs it on the embedded transports, with clocks around its parts.
        PhaseSeconds? extractPhase = null;
        var extractTime = TimeSpan.Zero;
        using var transformClock = new TransformClock(transform);
        var decorators = new PipelineDecorators
        {
            RecordStream = inner => new TimedRecordStream(inner, stream, puts),
            DeliveryStream = inner => new TimedDelivery(inner, deliveryCalls),
            StagingStore = inner => new TimedStagingStore(inner, options.Deliver.StagingPrefix, deliver),
            ProcessElapsed = process.Add,
            ExtractEnded = extracted =>
            {
                extractTime = extracted.Elapsed - extracted.PutWait - puts.Elapsed;
                extractEnded = runnable.Now;
                extractPhase = new PhaseSeconds("until extract ends: extract, stream puts, process alongside", wall.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            },
        };
        RunSummary summary;
        await using (var pipeline = new LocalPipeline(options, store, decorators))
        {
            summary = await pipeline.RunAsync();
        }

        wall.Stop();
        var ended = runnable.Now;
        runnable.Dispose();
        if (Environment.GetEnvironmentVariable("TRIBUTARY_BENCH_TIMELINE") is { Length: > 0 } timeline)
        {
            runnable.WriteTimeline(timeline);
        }

        var totalCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var cores = Environment.ProcessorCount;
        var (mean, all) = runnable.Between(started, extractEnded, cores);
        var extracted = (extractPhase ?? throw new InvalidOperationException("The pipeline returned without telling the end of extract.")) with { RunnableMean = mean, AllCoresRunnable = all };
        (mean, all) = runnable.Between(extractEnded, ended, cores);
        var drainPhase = new PhaseSeconds("after extract: process, transform, deliver", wall.Elapsed.TotalSeconds - extracted.Seconds, totalCpu - extracted.CpuSeconds, mean, all);
        var statistics = summary.Delivery ?? throw new InvalidOperationException("The embedded delivery stream returned no statistics.");
        var staged = Directory.Exists(Path.Combine(dataRoot, "staging"))
            ? Directory.GetFiles(Path.Combine(dataRoot, "staging"), "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
        var peak = PeakMemory.Bytes();
        var allocatedInRun = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        root.DeletePrevious();

        return new SideResult
        {
            Side = "tributary",
            Records = summary.Records,
            Rows = statistics.RowsWritten,
            InputBytes = root.InputBytes,
            OutputBytes = staged,
            WallSeconds = wall.Elapsed.TotalSeconds,
            CpuSeconds = totalCpu,
            Phases = [extracted, drainPhase],
            PeakRssBytes = peak,
            AllocatedBytes = allocatedInRun,
            GcPauseSeconds = (GC.GetTotalPauseDuration() - paused).TotalSeconds,
            JitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds,
            JitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods,
            Collections = [.. Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g])],
            Stages =
            [
                new("extract", extractTime.TotalSeconds),
                new("stream", stream.Elapsed.TotalSeconds),
                new("process+raw", (process.Elapsed - deliveryCalls.Elapsed).TotalSeconds),
                new("transform", transform.Elapsed.TotalSeconds),
                new("stage", deliver.Elapsed.TotalSeconds),
            ],
            Counts =
            [
                new("files", summary.Files),
                new("records processed", summary.RecordsProcessed),
                new("raw objects", summary.RawObjects),
                new("staging objects", statistics.StagingObjects),
                new("records failed", statistics.RecordsFailed + summary.QuarantinedRecords.Count),
                new("quarantined files", summary.QuarantinedFiles.Count),
                new("syncs", Interlocked.Read(ref syncs)),
                new("stream segment syncs", Interlocked.Read(ref segmentSyncs)),
            ],
        };
    }
}
