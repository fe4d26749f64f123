using System.Globalization;
using Tributary.Configuration;
using Tributary.Monitoring;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Watch;

public sealed class WatchSignalTests
{
    private const int Files = 20;
    private const int RecordsPerFile = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_second_signal_stops_at_once_and_the_next_start_loses_nothing_and_duplicates_nothing()
    {
        using var folder = await WatchFolder.CreateAsync(Files, RecordsPerFile, seed: 23, pollIntervalSeconds: 1);
        var (temp, generated, source, inspector) = (folder.Temp, folder.Generated, folder.Source, folder.Inspector);

        // The same files through an uninterrupted 'run' give the expected tables.
        var expected = await ReferenceCuratedRowsAsync(temp, generated);

        using (var watch = new WatchProcess(temp.Path))
        {
            await watch.WaitForLogAsync("watching", Deadline);
            foreach (var file in Directory.GetFiles(generated))
            {
                File.Move(file, Path.Combine(source, Path.GetFileName(file)));
            }

            // The first signal stops the wait and starts a final cycle over 10,000 records; the second, sent after
            // the window in which a repeated delivery of the first counts as one, cuts that cycle short.
            await watch.SignalAsync();
            await Task.Delay(800);
            await watch.SignalAsync();
            var exitCode = await watch.WaitForExitAsync(Deadline);
            Assert.True(exitCode == 1, $"exit code {exitCode}; the final cycle ended before the second signal:\n{watch.Log}");
            Assert.Contains("second SIGTERM: stopping at once", watch.Log, StringComparison.Ordinal);
        }

        using (var again = new WatchProcess(temp.Path))
        {
            await again.WaitForLogAsync("watching", Deadline);
            await again.WaitUntilAsync(async () =>
            {
                var status = await inspector.ReadStatusAsync();
                var curated = status.Tables.Single(t => t.Name == "curated");
                return status.BufferedRecords == 0 && status.StagingBatchesWaiting == 0 && curated.Rows == expected;
            }, Deadline, "every record in curated");
            Assert.Equal(0, await again.TerminateAsync(Deadline));
        }

        var after = await inspector.ReadStatusAsync();
        Assert.Equal(expected, after.Tables.Single(t => t.Name == "curated").Rows);
        Assert.Equal(0, after.BufferedRecords);
        Assert.Equal(0, after.StagingBatchesWaiting);
    }

    private static async Task<long> ReferenceCuratedRowsAsync(TempDirectory temp, string generated)
    {
        var referenceSource = temp.Combine("reference", "source");
        Directory.CreateDirectory(referenceSource);
        foreach (var file in Directory.GetFiles(generated))
        {
            File.Copy(file, Path.Combine(referenceSource, Path.GetFileName(file)));
        }

        var config = temp.Combine("reference.json");
        await File.WriteAllTextAsync(config, """{ "Storage": { "DataRoot": "reference" }, "Stream": { "ShardCount": 2 } }""");
        var run = await CliRun.InvokeAsync("run", "--config", config);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var table = await new PipelineInspector(new TributaryOptions { Storage = { DataRoot = temp.Combine("reference") } }).ReadTableAsync("curated");
        Assert.True(table.Rows > 0);
        return table.Rows!.Value;
    }
}
