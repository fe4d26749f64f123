using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Watch;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task A_consumer_that_caught_up_is_healthy()
    {
        using var temp = new TempDirectory();
        var config = await WriteConfigAsync(temp, maxLagRecords: 5);
        await PutRecordsAsync(temp, 40, checkpointAll: true);

        var run = await CliRun.InvokeAsync("status", "--config", config, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("bufferedRecords").GetInt64());
        Assert.Equal(2, json.RootElement.GetProperty("shards").GetArrayLength());
    }

    [Fact]
    public async Task A_lagging_consumer_is_unhealthy_with_exit_code_3()
    {
        using var temp = new TempDirectory();
        var config = await WriteConfigAsync(temp, maxLagRecords: 5);
        await PutRecordsAsync(temp, 40, checkpointAll: false);

        var run = await CliRun.InvokeAsync("status", "--config", config, "--format", "json");

        Assert.Equal(3, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.False(json.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Equal(40, json.RootElement.GetProperty("bufferedRecords").GetInt64());
        var problems = json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("records behind", StringComparison.Ordinal) && p.Contains("Watch:MaxLagRecords", StringComparison.Ordinal));

        var text = await CliRun.InvokeAsync("status", "--config", config);
        Assert.Equal(3, text.ExitCode);
        Assert.Contains("UNHEALTHY", text.Out, StringComparison.Ordinal);
    }

    private static async Task<string> WriteConfigAsync(TempDirectory temp, long maxLagRecords)
    {
        var path = temp.Combine("tributary.json");
        await File.WriteAllTextAsync(path, $$"""
            { "Storage": { "DataRoot": "data" }, "Stream": { "ShardCount": 2 }, "Watch": { "MaxLagRecords": {{maxLagRecords}} } }
            """);
        return path;
    }

    private static async Task PutRecordsAsync(TempDirectory temp, int count, bool checkpointAll)
    {
        var options = new StreamOptions { ShardCount = 2 };
        using var stream = new LocalRecordStream(temp.Combine("data", DataLayout.State, "stream"), options);
        var entries = Enumerable.Range(0, count)
            .Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"key-{i}")).ToList();
        var result = await stream.PutRecordsAsync(entries);
        Assert.Equal(0, result.FailedRecordCount);
        if (checkpointAll)
        {
            var checkpoints = new LocalShardCheckpointStore(stream.Folder);
            foreach (var shard in await stream.ListShardsAsync())
            {
                if (stream.GetLastSequenceNumber(shard) is { } last)
                {
                    await checkpoints.SetAsync(new ProcessOptions().ConsumerName, shard, last);
                }
            }
        }
    }
}
