using System.Diagnostics;
using System.Globalization;
using Tributary.Generation;
using Tributary.TestSupport;

namespace Tributary.Bench.Generate;

/// <summary>
/// Throughput of the retail generator: records/s into a null stream on one thread (the generator alone), and into
/// files on every core (the <c>tributary generate</c> path). Args: [records per measurement, default 1,000,000].
/// </summary>
internal static class GenerateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var generator = new DataGenerator(MockarooSchema.Retail);
        generator.WriteRecords(Stream.Null, 50_000, seed: 1, GeneratedFileFormat.Array); // warm-up

        foreach (var format in new[] { GeneratedFileFormat.Array, GeneratedFileFormat.JsonLines })
        {
            var counting = new WriteCountingStream();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            generator.WriteRecords(counting, records, seed: 7, format);
            watch.Stop();
            Print($"single thread, {format}, no I/O", records, counting.Length, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
        }

        var folder = Path.Combine(Path.GetTempPath(), $"tributary-bench-{Guid.NewGuid():N}");
        try
        {
            foreach (var gzip in new[] { false, true })
            {
                var files = Environment.ProcessorCount * 2;
                var request = new GenerateRequest
                {
                    OutputDirectory = folder,
                    RowsPerFile = records / files,
                    Files = files,
                    Seed = 7,
                    Gzip = gzip,
                };
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var result = await generator.GenerateFilesAsync(request);
                Print($"{files} files on {Environment.ProcessorCount} cores{(gzip ? ", gzip" : "")}", result.Records, result.Bytes, result.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
                Directory.Delete(folder, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    // CPU time is printed too: on a shared machine the wall-clock rate depends on the neighbours, records per CPU
    // second does not (times the core count, it is the rate of an idle machine when the work is parallel).
    private static void Print(string what, long records, long bytes, TimeSpan elapsed, TimeSpan cpu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-36} {records,10:N0} records {bytes / 1048576.0,7:N1} MiB {elapsed.TotalSeconds,6:N2} s {records / elapsed.TotalSeconds,10:N0} records/s  cpu {cpu.TotalSeconds,6:N2} s {records / cpu.TotalSeconds,10:N0} records/cpu-s"));
}
