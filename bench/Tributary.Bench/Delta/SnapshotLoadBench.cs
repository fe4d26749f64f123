using System.Diagnostics;
using System.Globalization;
using Tributary.Delta;
using Tributary.Delta.Actions;
using Tributary.Delta.Internal;

namespace Tributary.Bench.Delta;

/// <summary>
/// Snapshot load of a table with 10,000 commits (one add each) and a checkpoint every 10 commits.
/// Usage: <c>delta-snapshot [folder] [commits]</c>. The table is generated once into the folder (default: a temp
/// folder) through the same log writer and checkpoint writer the library uses, then loaded repeatedly.
/// </summary>
internal static class SnapshotLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "tributary-bench-delta-snapshot");
        var commits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var storage = new LocalDeltaStorage(folder);
        if (!await DeltaTable.ExistsAsync(storage))
        {
            var generation = Stopwatch.StartNew();
            await GenerateAsync(storage, commits);
            Console.WriteLine($"generated {commits} commits in {generation.Elapsed.TotalSeconds:F1} s at {folder}");
        }

        var table = await DeltaTable.OpenAsync(storage);
        var cold = Stopwatch.StartNew();
        var snapshot = await table.GetSnapshotAsync();
        cold.Stop();
        var times = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < 20; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            snapshot = await table.GetSnapshotAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        times.Sort();
        cpu.Sort();
        Console.WriteLine($"snapshot v{snapshot.Version}, {snapshot.Files.Count} files: first load {cold.Elapsed.TotalMilliseconds:F0} ms (includes JIT); "
            + $"then over {times.Count} loads wall median {times[times.Count / 2]:F1} ms (min {times[0]:F1}, max {times[^1]:F1}), "
            + $"CPU median {cpu[cpu.Count / 2]:F1} ms (min {cpu[0]:F1}); machine load average {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static async Task GenerateAsync(LocalDeltaStorage storage, int commits)
    {
        var table = await DeltaTable.CreateAsync(storage, new Tributary.Delta.Schema.StructType(
            new Tributary.Delta.Schema.StructField("id", Tributary.Delta.Schema.PrimitiveType.Long),
            new Tributary.Delta.Schema.StructField("day", Tributary.Delta.Schema.PrimitiveType.String)), ["day"]);
        var state = new ReplayState();
        ActionJsonReader.Read(await File.ReadAllBytesAsync(Path.Combine(storage.Location, "_delta_log", $"{0:D20}.json")), "0.json", state);
        var store = new StorageCommitStore(storage);
        for (var version = 1L; version < commits; version++)
        {
            var writer = new ActionJsonWriter();
            writer.WriteCommitInfo([new("timestamp", 1_700_000_000_000 + version), new("operation", "WRITE"), new("readVersion", version - 1), new("isBlindAppend", true)]);
            var day = $"2024-01-{1 + (version % 28):D2}";
            var add = new AddFile(
                $"day={day}/part-00000-{Guid.NewGuid()}-c000.snappy.parquet",
                new Dictionary<string, string?> { ["day"] = day },
                1000 + version,
                1_700_000_000_000 + version,
                true,
                $"{{\"numRecords\":100,\"minValues\":{{\"id\":{version * 100}}},\"maxValues\":{{\"id\":{(version * 100) + 99}}},\"nullCount\":{{\"id\":0}}}}");
            writer.WriteAdd(add);
            state.OnAdd(add, null);
            if (!await store.TryCommitAsync(version, writer.ToMemory()))
            {
                throw new InvalidOperationException($"version {version} already exists");
            }

            if (version % 10 == 0)
            {
                await CheckpointWriter.WriteAsync(new DeltaSnapshot(storage, version, DateTimeOffset.UtcNow, state), TimeProvider.System, CancellationToken.None);
            }
        }

        await table.GetSnapshotAsync();
    }
}
