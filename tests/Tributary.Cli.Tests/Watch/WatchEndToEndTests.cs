using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tributary.Configuration;
using Tributary.Monitoring;
using Tributary.Telemetry;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Watch;

public sealed class WatchEndToEndTests
{
    private const int Files = 20;
    private const int RecordsPerFile = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Files_dropped_over_time_reach_curated_stop_loses_nothing_and_restart_adds_no_duplicates()
    {
        using var temp = new TempDirectory();
        var generated = temp.Combine("generated");
        var made = await CliRun.InvokeAsync("generate", "--rows", RecordsPerFile.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--files", Files.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "11", "--out", generated);
        Assert.True(made.ExitCode == 0, made.Error);
        await File.WriteAllTextAsync(temp.Combine("tributary.json"), """
            { "Storage": { "DataRoot": "data" }, "Stream": { "ShardCount": 2 }, "Watch": { "PollIntervalSeconds": 2, "LoadSchedule": "" } }
            """);
        var options = new TributaryOptions { Storage = { DataRoot = temp.Combine("data") } };
        var inspector = new PipelineInspector(options);
        var source = temp.Combine("data", "source");
        Directory.CreateDirectory(source);
        var port = FreePort();

        using (var watch = new WatchProcess(temp.Path, "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            await WaitAsync(watch, () => Task.FromResult(watch.Log.Contains("watching", StringComparison.Ordinal) ? "started" : null));
            foreach (var (file, i) in Directory.GetFiles(generated).Order(StringComparer.Ordinal).Select((f, i) => (f, i)))
            {
                // Land each file atomically, as an uploader renaming into place does.
                var target = Path.Combine(source, Path.GetFileName(file));
                File.Copy(file, target + ".tmp");
                File.SetLastWriteTimeUtc(target + ".tmp", DateTime.UtcNow);
                File.Move(target + ".tmp", target);
                if (i % 4 == 3)
                {
                    await Task.Delay(300);
                }
            }

            var runs = await WaitAsync(watch, async () =>
            {
                var history = await inspector.History.ReadRecentAsync(1000);
                return history.Sum(r => r.RecordsExtracted) == Files * RecordsPerFile
                    && (await inspector.ReadStatusAsync()).StagingBatchesWaiting == 0
                    && history.Sum(r => r.RowsInserted) > 0 ? history : null;
            });
            Assert.Equal(Files, runs.Sum(r => r.FilesIngested));
            Assert.Equal(Files * RecordsPerFile, runs.Sum(r => r.RecordsProcessed));

            var metrics = await new HttpClient().GetStringAsync($"http://127.0.0.1:{port}/metrics");
            foreach (var name in new[] { "tributary_extract_records_total", "tributary_process_records_total", "tributary_deliver_bytes_total", "tributary_load_rows_merged_total", "tributary_table_version", "tributary_freshness_seconds_count" })
            {
                var value = Regex.Matches(metrics, $@"^{name}\{{[^}}]*\}} ([0-9.eE+]+)$", RegexOptions.Multiline).Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(value > 0, $"{name} is missing or zero in:\n{metrics}");
            }

            Assert.Equal(0, await watch.TerminateAsync(Deadline));
        }

        var status = await inspector.ReadStatusAsync();
        Assert.Equal(0, status.BufferedRecords);
        Assert.Equal(0, status.StagingBatchesWaiting);
        var curated = status.Tables.Single(t => t.Name == "curated");
        Assert.True(curated.Rows > 0);
        var stopped = await CliRun.InvokeAsync("status", "--config", temp.Combine("tributary.json"));
        Assert.True(stopped.ExitCode == 0, stopped.Out);

        // Restart: the ledger, checkpoints and load txns make a second start a no-op.
        using (var again = new WatchProcess(temp.Path))
        {
            await WaitAsync(again, () => Task.FromResult(again.Log.Contains("watching", StringComparison.Ordinal) ? "started" : null));
            await Task.Delay(2500);
            Assert.Equal(0, await again.TerminateAsync(Deadline));
        }

        var after = await inspector.ReadTableAsync("curated");
        Assert.Equal(curated.Version, after.Version);
        Assert.Equal(curated.Rows, after.Rows);
        Assert.Equal(Files * RecordsPerFile, (await inspector.History.ReadRecentAsync(1000)).Sum(r => r.RecordsExtracted));
    }

    private static async Task<T> WaitAsync<T>(WatchProcess watch, Func<Task<T?>> condition)
        where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            Assert.False(watch.HasExited, "watch exited early:\n" + watch.Log);
            if (await condition() is { } done)
            {
                return done;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"watch did not get there within {Deadline.TotalSeconds} s:\n{watch.Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
