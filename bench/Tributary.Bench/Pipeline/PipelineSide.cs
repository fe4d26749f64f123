using System.Diagnostics;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Extract;
using Tributary.Processing;
using Tributary.Runtime;
using Tributary.Storage;
using Tributary.Streaming;
using Tributary.Transform;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The Tributary side, run in its own process: the local pipeline up to staging (no load) with default
/// configuration, wired as <see cref="LocalPipeline"/> wires it (delivery journal included), with clocks around the stream, the process handler,
/// the transformation and the delivery stream.
/// </summary>
internal static class PipelineSide
{
    /// <summary>Runs on the files of <paramref name="input"/>, copied into <c>source/</c> of a fresh <paramref name="dataRoot"/>.</summary>
    /// <param name="input">The generated source files.</param>
    /// <param name="dataRoot">The data root to run in.</param>
    /// <param name="flushToDisk"><c>Stream:FlushToDisk</c> (the default configuration has it on).</param>
    public static async Task<SideResult> RunAsync(string input, string dataRoot, bool flushToDisk)
    {
        // The previous run is moved aside now and deleted after this one is measured: on ext4 without a journal (this
        // VM), creating a file scans past every inode deleted in the last half minute, so deleting 60,000 raw objects
        // just before the run made each file creation of the run cost about a millisecond of kernel time.
        var previous = dataRoot.TrimEnd(Path.DirectorySeparatorChar) + ".previous";
        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }

        if (Directory.Exists(dataRoot))
        {
            Directory.Move(dataRoot, previous);
        }

        var source = Path.Combine(dataRoot, DataLayout.Source);
        Directory.CreateDirectory(source);
        long inputBytes = 0;
        foreach (var file in Directory.GetFiles(input, "*.json"))
        {
            var target = Path.Combine(source, Path.GetFileName(file));
            File.Copy(file, target);
            inputBytes += new FileInfo(file).Length;
        }

        // Defaults, with TRIBUTARY__Section__Key environment variables applied as `tributary run` applies them.
        var options = TributaryConfigurationLoader.Load(null, dataRoot);
        options.Storage.DataRoot = dataRoot;
        options.Stream.FlushToDisk = flushToDisk;
        var store = new LocalObjectStore(dataRoot);
        var state = Path.Combine(Path.GetFullPath(dataRoot), DataLayout.State);

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
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var wall = Stopwatch.StartNew();

        using var records = new LocalRecordStream(Path.Combine(state, "stream"), options.Stream);
        using var ledger = ExtractLedger.Open(Path.Combine(state, "ledger"), options.Stream.FlushToDisk);
        var timedStream = new TimedRecordStream(records, stream, puts);
        using var transformClock = new TransformClock(transform);
        var firehose = new LocalFirehose(new TimedStagingStore(store, options.Deliver.StagingPrefix, deliver), options.Deliver, new TransformHandler(options.Transform));
        var delivery = new TimedDelivery(firehose, deliveryCalls, new StageClock());
        await firehose.OpenJournalAsync(Path.Combine(records.Folder, "delivery", options.Deliver.StreamName + ".journal"), options.Stream.FlushToDisk);

        // As LocalPipeline runs them: the event-source mapping reads the shards while extract writes them.
        var extract = new ExtractStage(store, timedStream, ledger, options.Extract, options.Stream.MaxRecordBytes);
        var extracting = Task.Run(() => extract.RunAsync());
        var handler = new ProcessHandler(store, delivery, options.Process) { HostFlushesRaw = true };
        var mapping = new LocalEventSourceMapping(timedStream, new LocalShardCheckpointStore(records.Folder, options.Stream.FlushToDisk), store, options.Process, async (batch, ct) =>
        {
            var started = process.Start();
            try
            {
                return await handler.HandleRecordsAsync(batch, ct);
            }
            finally
            {
                process.Stop(started);
            }
        })
        {
            ProducerCompletion = extracting,
            RoundFull = () => handler.RawBytesHeld >= (long)options.Process.RawRoundSizeInMBs << 20,
            BeforeCheckpointAsync = async ct =>
            {
                var started = process.Start();
                await handler.FlushRawAsync(ct);
                process.Stop(started);
                await delivery.FlushAsync(ct);
            },
        };
        var draining = mapping.DrainAsync();
        var extracted = await extracting;
        var extractTime = extracted.Elapsed - extracted.PutWait - puts.Elapsed;
        var extractPhase = new PhaseSeconds("until extract ends: extract, stream puts, process alongside", wall.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        var drained = await draining;
        await delivery.FlushAsync(CancellationToken.None);
        await firehose.ForgetDeliveredAsync(CancellationToken.None);
        await firehose.DisposeAsync();
        wall.Stop();

        var totalCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var drainPhase = new PhaseSeconds("after extract: process, transform, deliver", wall.Elapsed.TotalSeconds - extractPhase.Seconds, totalCpu - extractPhase.CpuSeconds);
        var statistics = firehose.Statistics;
        var staged = Directory.Exists(Path.Combine(dataRoot, "staging"))
            ? Directory.GetFiles(Path.Combine(dataRoot, "staging"), "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
        var peak = PeakMemory.Bytes();
        var allocatedInRun = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }

        return new SideResult
        {
            Side = "tributary",
            Records = extracted.Records,
            Rows = statistics.RowsWritten,
            InputBytes = inputBytes,
            OutputBytes = staged,
            WallSeconds = wall.Elapsed.TotalSeconds,
            CpuSeconds = totalCpu,
            Phases = [extractPhase, drainPhase],
            PeakRssBytes = peak,
            AllocatedBytes = allocatedInRun,
            GcPauseSeconds = (GC.GetTotalPauseDuration() - paused).TotalSeconds,
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
                new("files", extracted.Files),
                new("records processed", drained.Records),
                new("raw objects", handler.RawObjectsWritten),
                new("staging objects", statistics.StagingObjects),
                new("records failed", statistics.RecordsFailed + drained.QuarantinedRecords.Count + extracted.QuarantinedRecords.Count),
                new("quarantined files", extracted.QuarantinedFiles.Count),
                new("syncs", Interlocked.Read(ref syncs)),
                new("stream segment syncs", Interlocked.Read(ref segmentSyncs)),
            ],
        };
    }
}
