using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Tributary.Generation;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The pipeline up to staging against DuckDB on the same generated files. Args:
/// <c>[--records 1000000] [--files 8] [--work folder] [--skip-duckdb] [--no-flush-to-disk]</c>. Each side runs in a child process of
/// its own so that its peak RSS is its own; the input is generated once per size and kept in the work folder.
/// </summary>
internal static class PipelineBench
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = BenchArguments.Parse(args);
        if (arguments.Child is { } child)
        {
            var result = child switch
            {
                "tributary" => await PipelineSide.RunAsync(arguments.Input!, arguments.Output!, flushToDisk: !arguments.NoFlushToDisk),
                "duckdb" => DuckDbSide.Run(arguments.Input!, arguments.Output!),
                _ => throw new ArgumentException($"unknown side '{child}'"),
            };
            await File.WriteAllTextAsync(arguments.Result!, JsonSerializer.Serialize(result, Json));
            return 0;
        }

        var work = Path.GetFullPath(arguments.Work);
        var input = await EnsureInputAsync(work, arguments.Records, arguments.Files);
        var loadBefore = LoadAverage();
        var tributary = RunChild(work, "tributary", input, Path.Combine(work, "run"), arguments.NoFlushToDisk ? ["--no-flush-to-disk"] : []);
        var duckdb = arguments.SkipDuckDb ? null : RunChild(work, "duckdb", input, Path.Combine(work, "duckdb"), []);
        var loadAfter = LoadAverage();
        ResultTable.Print(tributary, duckdb, Environment.ProcessorCount, loadBefore, loadAfter);
        if (arguments.NoFlushToDisk)
        {
            Console.WriteLine("Tributary ran with Stream:FlushToDisk off (--no-flush-to-disk): the stream, ledger, delivery journal and checkpoints are not synced to disk.");
        }

        return 0;
    }

    /// <summary>Generates the input once per size (the same seed gives the same bytes) and reuses it afterwards.</summary>
    private static async Task<string> EnsureInputAsync(string work, long records, int files)
    {
        files = (int)Math.Clamp(files, 1, Math.Max(1, records));
        var folder = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"input-{records}-{files}"));
        var complete = Path.Combine(folder, ".complete");
        if (File.Exists(complete))
        {
            return folder;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var watch = Stopwatch.StartNew();
        var generator = new DataGenerator(MockarooSchema.Retail);
        var result = await generator.GenerateFilesAsync(new GenerateRequest
        {
            OutputDirectory = folder,
            RowsPerFile = records / files,
            Files = files,
            Seed = 4,
            FilePrefix = "retail",
        });
        await File.WriteAllTextAsync(complete, string.Empty);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {result.Records:N0} records in {files} files ({result.Bytes / 1048576.0:N1} MiB) under {folder} in {watch.Elapsed.TotalSeconds:N1} s"));
        return folder;
    }

    private static SideResult RunChild(string work, string side, string input, string output, string[] options)
    {
        var result = Path.Combine(work, $"{side}.result.json");
        File.Delete(result);
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "pipeline", "--child", side, "--input", input, "--output", output, "--result", result }.Concat(options))
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"running the {side} side...");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {side} side");
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(result))
        {
            throw new InvalidOperationException($"the {side} side failed with exit code {process.ExitCode}");
        }

        return JsonSerializer.Deserialize<SideResult>(File.ReadAllText(result), Json)!;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
