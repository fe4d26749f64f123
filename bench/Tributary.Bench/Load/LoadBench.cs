using System.Diagnostics;
using System.Globalization;
using Tributary.Configuration;
using Tributary.Load;
using Tributary.Load.Internal;

namespace Tributary.Bench.Load;

/// <summary>
/// The load stage against its baseline. Args: <c>delta|duckdb [rows, default 1,000,000] [files per set, default 20]
/// [DuckDB memory limit, e.g. 2GB; default DuckDB's]</c>.
/// Phase 1 loads N staged rows into an empty table; phase 2 loads N more of which 10% update rows of phase 1.
/// <c>delta</c> runs <see cref="LoadStage"/> (curate.sql, rejected, MERGE into Delta, summary refresh);
/// <c>duckdb</c> runs the same curate.sql and writes the curated rows as plain partitioned Parquet (no Delta, no
/// MERGE). Run each mode in its own process so that the peak memory (VmHWM) is that mode's.
/// </summary>
internal static class LoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "delta";
        var rows = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var files = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var memoryLimit = args.Length > 3 ? args[3] : null;
        var root = Path.Combine(Path.GetTempPath(), $"tributary-loadbench-{Guid.NewGuid():N}");
        try
        {
            var firstSet = Path.Combine(root, "set1");
            var secondSet = Path.Combine(root, "set2");
            var watch = Stopwatch.StartNew();
            StagingGenerator.Write(firstSet, "a", 0, rows, files, sourceDaysLater: 0);
            // 10% updates (rows 0..N/10 again, a day newer, another price), 90% new rows.
            StagingGenerator.Write(secondSet, "b", 0, rows / 10, Math.Max(1, files / 10), sourceDaysLater: 1);
            StagingGenerator.Write(secondSet, "c", rows, rows + rows - (rows / 10), files - Math.Max(1, files / 10), sourceDaysLater: 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"staging written: 2 x {rows:N0} rows in {files} files each, {watch.Elapsed.TotalSeconds:N1} s"));

            var data = Path.Combine(root, "data");
            Directory.CreateDirectory(data);
            for (var phase = 1; phase <= 2; phase++)
            {
                var set = phase == 1 ? firstSet : secondSet;
                MoveStaging(set, data);
                watch.Restart();
                var what = mode switch
                {
                    "delta" => await RunDeltaAsync(data, memoryLimit),
                    "duckdb" => RunDuckDb(data, phase, memoryLimit),
                    _ => throw new ArgumentException($"mode '{mode}' is not delta or duckdb"),
                };
                watch.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode,-6} phase {phase}: {rows,10:N0} rows {watch.Elapsed.TotalSeconds,8:N2} s {rows / watch.Elapsed.TotalSeconds,10:N0} rows/s  peak RSS {PeakRssMiB(),7:N0} MiB  {what}"));
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<string> RunDeltaAsync(string data, string? memoryLimit)
    {
        var stage = new LoadStage(new LoadOptions { MaxBatchesPerLoad = 100_000, DuckDbMemoryLimit = memoryLimit }, "bench", data);
        var result = await stage.RunAsync();
        return string.Create(CultureInfo.InvariantCulture,
            $"inserted {result.RowsInserted:N0}, updated {result.RowsUpdated:N0}, key duplicates {result.Curation?.KeyDuplicates:N0}, summary rows {result.SummaryRows:N0}; seconds: {string.Join(", ", result.StepSeconds.Select(s => $"{s.Key} {s.Value:N1}"))}");
    }

    private static string RunDuckDb(string data, int phase, string? memoryLimit)
    {
        var tables = new TableStore(new Storage.LocalObjectStore(data), null, TimeProvider.System, "bench");
        var batches = StagingCatalog.ListAsync(tables, "staging/", CancellationToken.None).GetAwaiter().GetResult();
        using var session = DuckDbSession.Open(memoryLimit);
        var counts = new Curator(new CurationResources(null, null)).Curate(session, batches, DateTimeOffset.UtcNow, phase);
        var output = Path.Combine(data, "plain", $"phase{phase}");
        Directory.CreateDirectory(output);
        session.Execute(
            $"COPY curation_curated TO '{output}' (FORMAT parquet, PARTITION_BY (region, invoice_year), COMPRESSION snappy)");
        // The next phase reads only its own batches, like a load would.
        foreach (var batch in batches)
        {
            File.Delete(batch.Path);
        }

        return string.Create(CultureInfo.InvariantCulture, $"curated {counts.CuratedRows:N0} rows into plain Parquet");
    }

    private static void MoveStaging(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*.parquet", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file, target);
        }
    }

    private static double PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
