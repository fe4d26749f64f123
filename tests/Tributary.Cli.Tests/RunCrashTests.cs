using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Tributary.Processing;
using Tributary.TestSupport;
using Xunit.Abstractions;

namespace Tributary.Cli.Tests;

/// <summary>
/// The crash proof: runs the real binary on 100,000 generated records, kills it with SIGKILL at random moments,
/// reruns it until it exits 0, then proves that every record is in staging exactly once (by source file and
/// position), that every record is archived under raw/ where the raw layout puts it, and that nothing was set aside.
/// </summary>
public sealed class RunCrashTests(ITestOutputHelper output)
{
    private const int JsonLinesFiles = 2;
    private const int ArrayFiles = 2;
    private const int RowsPerFile = 25_000;
    private const int Records = (JsonLinesFiles + ArrayFiles) * RowsPerFile;
    private const int Kills = 4;
    private const int MaxReruns = 5;
    private const string RawTemplate = "raw/Region={RetailTxnData.Region}/StoreNo={RetailTxnData.StoreNo}/invoiceprocess_date={arrival:yyyy-MM-dd}/";

    [Fact]
    public async Task Killed_runs_resume_and_stage_every_record_exactly_once()
    {
        // TRIBUTARY_CRASH_SEED repeats a failing sequence of kills.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TRIBUTARY_CRASH_SEED"), CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with TRIBUTARY_CRASH_SEED={seed})");
        var random = new Random(seed);

        using var folder = new TempDirectory("crash");
        var config = folder.Combine("tributary.json");

        // Rounds of 5,000 records keep the raw objects (one per partition per shard per round) few enough for a short test;
        // 5 MB delivery buffers, filled several times between two checkpoints, give many moments where staging is
        // ahead of the checkpoints.
        File.WriteAllText(config, $$"""
            { "Storage": { "DataRoot": "./data" },
              "Stream": { "ShardCount": 4, "FlushToDisk": false },
              "Process": { "BatchSize": 5000, "CheckpointIntervalRecords": 5000, "RawKeyTemplate": "{{RawTemplate}}" },
              "Deliver": { "BufferSizeInMBs": 5 } }
            """);
        await GenerateAsync(config, "jsonl", JsonLinesFiles, 11, folder.Combine("data", "source", "lines"));
        await GenerateAsync(config, "array", ArrayFiles, 12, folder.Combine("data", "source", "arrays"));

        var history = new List<string>();
        var kills = 0;
        var finished = false;
        string? lastRun = null;
        var data = folder.Combine("data");
        var sourceBytes = Directory.EnumerateFiles(Path.Combine(data, "source"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        for (var attempt = 0; attempt < Kills + MaxReruns && !finished; attempt++)
        {
            // Kills are triggered by progress seen in the data folder, not by time, so that a faster pipeline cannot
            // outrun them. The first lands while extract fills the stream; the others once more staging objects
            // appeared, where staging runs ahead of the shard checkpoints. A short random delay varies the moment.
            KillPlan? plan = attempt >= Kills ? null
                : attempt == 0 ? new KillPlan(KillTrigger.StreamBytes, (long)(sourceBytes * (0.1 + (random.NextDouble() * 0.8))), random.Next(0, 50))
                : new KillPlan(KillTrigger.StagingObjects, StagingObjects(data) + random.Next(1, 4), random.Next(0, 200));
            var run = await RunAsync(config, data, plan);
            history.Add(run.ExitCode is null
                ? $"attempt {attempt}: killed {plan!.DelayMilliseconds} ms after {plan.Trigger} reached {plan.Threshold}, during: {run.LastLine}"
                : $"attempt {attempt}: exit {run.ExitCode}: {run.LastLine}");
            kills += run.ExitCode is null ? 1 : 0;
            finished = run.ExitCode == 0;
            lastRun = run.Output;
        }

        foreach (var line in history)
        {
            output.WriteLine(line);
        }

        output.WriteLine(lastRun);

        var context = $"seed {seed}; {string.Join("; ", history)}";
        Assert.True(finished, $"the run never finished: {context}");
        Assert.True(kills > 0, $"no run was killed: {context}");

        var arrivals = AssertStagedExactlyOnce(data, context);
        AssertEveryRecordArchived(data, arrivals, context);
        Assert.False(Directory.Exists(Path.Combine(data, "quarantine")), $"something was quarantined: {context}");
        Assert.False(Directory.Exists(Path.Combine(data, "processing-failed")), $"the transform failed records: {context}");
    }

    private static async Task GenerateAsync(string config, string format, int files, int seed, string folder)
    {
        var generated = await CliRun.InvokeAsync(
            "generate", "--config", config, "--rows", RowsPerFile.ToString(CultureInfo.InvariantCulture), "--files", files.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture), "--format", format, "--out", folder);
        Assert.True(generated.ExitCode == 0, generated.Error);
    }

    /// <summary>
    /// Checks staging holds every (source file, position) once, each with rows from one stream record; returns each
    /// record's stream arrival time (epoch milliseconds), which the raw layout uses.
    /// </summary>
    private Dictionary<(string File, long Index), long> AssertStagedExactlyOnce(string data, string context)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var staging = $"read_parquet('{data}/staging/**/*.parquet', union_by_name = true)";
        command.CommandText = $"""
            SELECT count(*), count(DISTINCT (_source_file, _source_record, _row)), count(DISTINCT (_source_file, _source_record)),
                   count(DISTINCT (_shard, _sequence_number)), count(*) FILTER (WHERE _source_file IS NULL OR _source_record IS NULL)
            FROM {staging}
            """;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            var (rows, distinctRows, records, positions, untraceable) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            output.WriteLine($"staging: {rows} rows, {distinctRows} distinct rows, {records} records, {positions} stream positions");
            Assert.True(untraceable == 0, $"{untraceable} staged rows have no source file or position: {context}");
            Assert.True(rows == distinctRows, $"{rows - distinctRows} staged rows are duplicates: {context}");
            Assert.True(records == Records, $"staging holds {records} records, not {Records}: {context}");
            Assert.True(positions == Records, $"staging holds {positions} stream positions for {Records} records (a record was put on the stream twice): {context}");
        }

        command.CommandText = $"""
            SELECT _source_file, count(DISTINCT _source_record), min(_source_record), max(_source_record)
            FROM {staging} GROUP BY _source_file ORDER BY _source_file
            """;
        var files = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                files.Add(reader.GetString(0));
                Assert.True(
                    (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)) == (RowsPerFile, 0, RowsPerFile - 1),
                    $"{reader.GetString(0)} has {reader.GetInt64(1)} records from {reader.GetInt64(2)} to {reader.GetInt64(3)}: {context}");
            }
        }

        Assert.Equal(JsonLinesFiles + ArrayFiles, files.Count);

        command.CommandText = $"SELECT _source_file, _source_record, min(epoch_ms(_arrival_time)), max(epoch_ms(_arrival_time)) FROM {staging} GROUP BY ALL";
        var arrivals = new Dictionary<(string, long), long>(Records);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                Assert.Equal(reader.GetInt64(2), reader.GetInt64(3));
                arrivals[(reader.GetString(0), reader.GetInt64(1))] = reader.GetInt64(2);
            }
        }

        return arrivals;
    }

    /// <summary>
    /// Checks every source record is, byte for byte, a line of a raw object in the folder the raw layout names, and
    /// only once: the checkpoint raw mode rewrites the same names on a replay, so raw is exactly once too.
    /// </summary>
    private void AssertEveryRecordArchived(string data, Dictionary<(string File, long Index), long> arrivals, string context)
    {
        var archived = new Dictionary<(string Folder, UInt128 Hash), int>();
        var rawObjects = 0;
        var rawLines = 0;
        foreach (var path in Directory.EnumerateFiles(Path.Combine(data, "raw"), "*.jsonl", SearchOption.AllDirectories))
        {
            rawObjects++;
            var folder = Path.GetRelativePath(data, Path.GetDirectoryName(path)!).Replace(Path.DirectorySeparatorChar, '/') + "/";
            var content = File.ReadAllBytes(path);
            foreach (var line in content.AsSpan().Split((byte)'\n'))
            {
                if (line.End.GetOffset(content.Length) > line.Start.GetOffset(content.Length))
                {
                    var key = (folder, Hash(content.AsSpan()[line]));
                    archived[key] = archived.GetValueOrDefault(key) + 1;
                    rawLines++;
                }
            }
        }

        output.WriteLine($"raw: {rawObjects} objects, {rawLines} lines");
        var template = new RawKeyTemplate(RawTemplate);
        var missing = 0;
        string? example = null;
        foreach (var (key, records) in SourceRecords(data))
        {
            for (var index = 0; index < records.Count; index++)
            {
                var arrival = DateTimeOffset.FromUnixTimeMilliseconds(arrivals[(key, index)]);
                var expected = (template.Expand(records[index], arrival), Hash(records[index]));
                if (archived.GetValueOrDefault(expected) > 0)
                {
                    archived[expected]--;
                }
                else
                {
                    missing++;
                    example ??= $"{key} #{index} (expected under {expected.Item1})";
                }
            }
        }

        Assert.True(missing == 0, $"{missing} records are not archived under raw/, e.g. {example}: {context}");
        Assert.True(rawLines == Records, $"raw/ holds {rawLines} lines for {Records} records (a record was archived twice): {context}");
    }

    /// <summary>The generated records of each source file, as the bytes extract reads.</summary>
    private static IEnumerable<(string Key, List<byte[]> Records)> SourceRecords(string data)
    {
        foreach (var path in Directory.EnumerateFiles(Path.Combine(data, "source"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var key = Path.GetRelativePath(data, path).Replace(Path.DirectorySeparatorChar, '/');
            var bytes = File.ReadAllBytes(path);
            var records = new List<byte[]>(RowsPerFile);
            if (bytes.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'[', ..])
            {
                using var document = JsonDocument.Parse(bytes);
                records.AddRange(document.RootElement.EnumerateArray().Select(e => Encoding.UTF8.GetBytes(e.GetRawText())));
            }
            else
            {
                foreach (var line in bytes.AsSpan().Split((byte)'\n'))
                {
                    var record = bytes.AsSpan()[line].Trim(" \t\r"u8);
                    if (!record.IsEmpty)
                    {
                        records.Add(record.ToArray());
                    }
                }
            }

            Assert.Equal(RowsPerFile, records.Count);
            yield return (key, records);
        }
    }

    private static UInt128 Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }

    /// <summary>
    /// Runs <c>tributary run</c>; with a plan, kills it with SIGKILL once the data folder shows the plan's progress
    /// (polled every few milliseconds) and the plan's delay has passed. A run that ends first is not killed.
    /// </summary>
    private static async Task<RunResult> RunAsync(string config, string data, KillPlan? plan)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(config)! };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll"), "--config", config, "run", "--no-load" })
        {
            start.ArgumentList.Add(arg);
        }

        ChildTempFolder.Use(start, Path.GetDirectoryName(config)!);
        using var process = Process.Start(start)!;
        var lastLine = "(nothing printed)";
        var printed = new StringBuilder();

        void Remember(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            lock (printed)
            {
                lastLine = line.Trim();
                printed.AppendLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var killed = false;
        if (plan is not null)
        {
            while (!process.HasExited && Progress(data, plan.Trigger) < plan.Threshold)
            {
                await Task.Delay(5);
            }

            await Task.Delay(plan.DelayMilliseconds);
            if (!process.HasExited)
            {
                // Process.Kill sends SIGKILL on Unix: no finally blocks, no flushes, no disposal.
                process.Kill(entireProcessTree: true);
                killed = true;
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit();
        lock (printed)
        {
            return new RunResult(killed ? null : process.ExitCode, lastLine, printed.ToString());
        }
    }

    private static long Progress(string data, KillTrigger trigger) => trigger switch
    {
        KillTrigger.StreamBytes => Files(Path.Combine(data, "_state", "stream"), "*.log").Sum(f => new FileInfo(f).Length),
        _ => StagingObjects(data),
    };

    private static int StagingObjects(string data) => Files(Path.Combine(data, "staging"), "*.parquet").Count();

    private static IEnumerable<string> Files(string folder, string pattern)
    {
        try
        {
            // Materialized here: the run creates and renames files while the folder is listed.
            return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)] : [];
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return [];
        }
    }

    private enum KillTrigger
    {
        /// <summary>Bytes in the stream's segment files: extract is putting records.</summary>
        StreamBytes,

        /// <summary>Staging objects written: delivery is staging.</summary>
        StagingObjects,
    }

    /// <summary>Kill once <paramref name="Trigger"/> reaches <paramref name="Threshold"/>, after a further delay.</summary>
    private sealed record KillPlan(KillTrigger Trigger, long Threshold, int DelayMilliseconds);

    private sealed record RunResult(int? ExitCode, string LastLine, string Output);
}
