using System.Diagnostics;
using DuckDB.NET.Data;
using Tributary.Configuration;
using Tributary.Records;
using Tributary.Streaming;
using Tributary.TestSupport;
using Xunit.Abstractions;

namespace Tributary.Cli.Tests;

/// <summary>
/// Runs the real binary, kills it with SIGKILL at random moments, reruns it until it finishes, then checks that every
/// source record reached the stream exactly once and staging at least once.
/// </summary>
public sealed class RunCrashTests(ITestOutputHelper output)
{
    private const int Files = 2;
    private const int RowsPerFile = 3_000;

    [Fact]
    public async Task Killed_runs_resume_without_losing_or_duplicating_stream_records()
    {
        using var folder = new TempDirectory();
        var config = folder.Combine("tributary.json");
        File.WriteAllText(config, """
            { "Storage": { "DataRoot": "./data" },
              "Stream": { "ShardCount": 2, "FlushToDisk": false },
              "Process": { "CheckpointIntervalRecords": 1000 } }
            """);
        var generated = await CliRun.InvokeAsync("generate", "--config", config, "--rows", RowsPerFile.ToString(System.Globalization.CultureInfo.InvariantCulture), "--files", Files.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "11", "--format", "jsonl");
        Assert.Equal(0, generated.ExitCode);

        var random = new Random(20261127);
        var kills = 0;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var process = Start(config);
            if (!process.WaitForExit(TimeSpan.FromMilliseconds(random.Next(1500, 4000))))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                kills++;
            }
        }

        var finished = false;
        for (var attempt = 0; attempt < 4 && !finished; attempt++)
        {
            using var process = Start(config);
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            output.WriteLine($"rerun exit {process.ExitCode}: {(await stderr).Trim()}");
            finished = process.ExitCode == 0;
        }

        Assert.True(finished);
        output.WriteLine($"killed {kills} times");

        var data = folder.Combine("data");
        var seen = new Dictionary<(string, long), int>();
        using (var stream = new LocalRecordStream(Path.Combine(data, "_state", "stream"), new StreamOptions { ShardCount = 2, FlushToDisk = false }))
        {
            foreach (var shard in await stream.ListShardsAsync())
            {
                string? after = null;
                while ((await stream.GetRecordsAsync(shard, after, 10_000)).Records is { Count: > 0 } page)
                {
                    foreach (var record in page)
                    {
                        var envelope = RecordEnvelope.Parse(record.Data);
                        var key = (envelope.Source!, envelope.Index!.Value);
                        seen[key] = seen.GetValueOrDefault(key) + 1;
                    }

                    after = page[^1].SequenceNumber;
                }
            }
        }

        Assert.Equal(Files * RowsPerFile, seen.Count);
        Assert.All(seen, s => Assert.Equal(1, s.Value));

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(DISTINCT (_source_file, _source_record)), count(DISTINCT (_source_file, _source_record, _row)), count(*) FROM read_parquet('{data}/staging/**/*.parquet', union_by_name = true)";
        using var reader = command.ExecuteReader();
        reader.Read();
        output.WriteLine($"staging: {reader.GetInt64(0)} distinct records, {reader.GetInt64(1)} distinct rows, {reader.GetInt64(2)} rows in all");
        Assert.Equal(Files * RowsPerFile, reader.GetInt64(0));
    }

    private static Process Start(string config)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(config)! };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll"), "--config", config, "run" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        return process;
    }
}
