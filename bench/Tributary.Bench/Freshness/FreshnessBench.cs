using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tributary.Bench.Delta;
using Tributary.Configuration;
using Tributary.Generation;
using Tributary.Monitoring;
using Tributary.Telemetry;
using Tributary.Watch;

namespace Tributary.Bench.Freshness;

/// <summary>
/// Freshness of <c>watch</c> with default settings: a steady trickle of retail files (the sample schema's 500 records
/// each) lands in <c>source/</c> of a fresh data root, and a reader polling <c>curated</c> notes when each file's rows
/// become visible. Args: <c>[--files 100] [--interval-ms 1000] [--rows 500] [--warmup 1] [--timeout-s 120]</c>.
/// Warm-up files land first and are not counted: they measure start-up (JIT, DuckDB), not a running service.
/// </summary>
internal static class FreshnessBench
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        var files = (int)BenchArgs.Long(args, "files", 100);
        var interval = TimeSpan.FromMilliseconds(BenchArgs.Long(args, "interval-ms", 1000));
        var rows = BenchArgs.Long(args, "rows", MockarooSchema.Retail.NumRows);
        var warmup = (int)BenchArgs.Long(args, "warmup", 1);
        var timeout = TimeSpan.FromSeconds(BenchArgs.Long(args, "timeout-s", 120));
        var root = Path.Combine(Path.GetTempPath(), $"tributary-freshness-{Guid.NewGuid():N}");
        try
        {
            var loadAtStart = LoadAverage();
            var generated = await new DataGenerator(MockarooSchema.Retail).GenerateFilesAsync(new GenerateRequest
            {
                OutputDirectory = Path.Combine(root, "landing"),
                RowsPerFile = rows,
                Files = warmup + files,
                Seed = 7,
            });
            var paths = generated.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();
            var options = new TributaryOptions { Storage = { DataRoot = Path.Combine(root, "data") } };
            var source = Path.Combine(options.Storage.DataRoot, options.Extract.SourcePrefix.TrimEnd('/'));
            Directory.CreateDirectory(source);
            Print($"freshness: {files} files x {rows:N0} records, one every {interval.TotalMilliseconds:N0} ms, {warmup} warm-up file(s); watch with default settings " +
                $"(load when {options.Watch.LoadWhenBatchesWaiting} batch waits, schedule '{options.Watch.LoadSchedule}', listing every {options.Watch.PollIntervalSeconds} s)");

            using var totals = new MetricsTotals();
            var log = new WatchLog();
            using var stop = new CancellationTokenSource();
            using var abort = new CancellationTokenSource();
            var running = Task.Run(() => new WatchService(options, log).RunAsync(stop.Token, abort.Token));
            if (await Task.WhenAny(log.Started, running, Task.Delay(timeout)) != log.Started)
            {
                await Console.Error.WriteLineAsync("watch did not start: " + string.Join("\n", log.Problems));
                return 1;
            }

            using var observer = new CuratedObserver(new PipelineInspector(options).TablePath("curated"));
            var clock = Stopwatch.StartNew();
            var warmupLanded = Land(paths.Take(warmup), source, new ConcurrentDictionary<string, long>());
            if (!await ObserveAsync(observer, warmupLanded.Keys, () => true, timeout))
            {
                return Fail("the warm-up file(s) never became visible", log);
            }

            Print(string.Create(CultureInfo.InvariantCulture, $"warm-up: visible after {clock.Elapsed.TotalSeconds:N2} s (not counted)"));
            var landed = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var trickle = Task.Run(async () =>
            {
                foreach (var path in paths.Skip(warmup))
                {
                    Land([path], source, landed);
                    await Task.Delay(interval);
                }
            });
            var names = paths.Skip(warmup).Select(Path.GetFileName).OfType<string>().ToList();
            var allSeen = await ObserveAsync(observer, names, () => trickle.IsCompleted, timeout);
            await trickle;

            stop.Cancel();
            abort.CancelAfter(TimeSpan.FromSeconds(options.Watch.ShutdownGraceSeconds));
            await running;

            var seconds = names.Where(observer.FirstSeen.ContainsKey)
                .Select(n => Stopwatch.GetElapsedTime(landed[n], observer.FirstSeen[n]).TotalSeconds).ToList();
            PrintResults(names.Count, seconds, rows, landed.Values.Min(), names.Where(observer.FirstSeen.ContainsKey).Select(n => observer.FirstSeen[n]).DefaultIfEmpty(Stopwatch.GetTimestamp()).Max(), totals);
            Print($"load average (1, 5, 15 min): {loadAtStart} at start, {LoadAverage()} at end");
            return allSeen ? 0 : Fail($"{names.Count - seconds.Count} file(s) never became visible within {timeout.TotalSeconds:N0} s after the last landed: {string.Join(", ", names.Where(n => !observer.FirstSeen.ContainsKey(n)).Take(5))}", log);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Moves files into <c>source/</c> in one rename each (as an uploader does), noting when each landed.</summary>
    private static ConcurrentDictionary<string, long> Land(IEnumerable<string> paths, string source, ConcurrentDictionary<string, long> landed)
    {
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);

            // As if just written by an uploader: a rename keeps the generation time, which is not when it landed.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            File.Move(path, Path.Combine(source, name));
            landed[name] = Stopwatch.GetTimestamp();
        }

        return landed;
    }

    /// <summary>
    /// Polls <c>curated</c> until every file of <paramref name="names"/> is visible (true) or, once
    /// <paramref name="allLanded"/> holds, <paramref name="timeout"/> passes (false).
    /// </summary>
    private static async Task<bool> ObserveAsync(CuratedObserver observer, IEnumerable<string> names, Func<bool> allLanded, TimeSpan timeout)
    {
        var wanted = names.ToList();
        Stopwatch? sinceLanded = null;
        while (true)
        {
            await observer.PollAsync(CancellationToken.None);
            var landed = allLanded();
            if (landed && wanted.All(observer.FirstSeen.ContainsKey))
            {
                return true;
            }

            sinceLanded ??= landed ? Stopwatch.StartNew() : null;
            if (sinceLanded?.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(PollEvery);
        }
    }

    private static void PrintResults(int files, List<double> seconds, long rowsPerFile, long firstLanded, long lastVisible, MetricsTotals totals)
    {
        Print($"files visible: {seconds.Count} of {files}");
        if (seconds.Count == 0)
        {
            return;
        }

        var span = Stopwatch.GetElapsedTime(firstLanded, lastVisible).TotalSeconds;
        Print(string.Create(CultureInfo.InvariantCulture,
            $"freshness (s, landing in source/ to visible in curated): p50 {P(seconds, 0.50):N2}  p90 {P(seconds, 0.90):N2}  p99 {P(seconds, 0.99):N2}  max {seconds.Max():N2}  mean {seconds.Average():N2}"));
        Print(string.Create(CultureInfo.InvariantCulture,
            $"records/s: {seconds.Count * rowsPerFile / span:N0} ({seconds.Count * rowsPerFile:N0} records from the first landing to the last visible in {span:N1} s)"));
        var own = totals.FreshnessSamples;
        Print(string.Create(CultureInfo.InvariantCulture,
            $"watch's own tributary.freshness histogram: {own.Count} samples, p50 {RunRecord.Percentile(own, 0.5) ?? 0:N2} s, p99 {RunRecord.Percentile(own, 0.99) ?? 0:N2} s; " +
            $"{totals.Sum(MetricNames.LoadRuns, "outcome", "committed"):N0} loads committed, {totals.Histogram(MetricNames.LoadDuration).Sum / Math.Max(1, totals.Histogram(MetricNames.LoadDuration).Count):N2} s per load on average"));
    }

    private static double P(List<double> values, double fraction) => RunRecord.Percentile(values, fraction) ?? 0;

    private static int Fail(string message, WatchLog log)
    {
        Console.Error.WriteLine($"freshness: {message}");
        foreach (var problem in log.Problems.Take(10))
        {
            Console.Error.WriteLine("  " + problem);
        }

        return 1;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void Print(string line) => Console.WriteLine(line);
}
