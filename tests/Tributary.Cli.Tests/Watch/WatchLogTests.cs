using System.Text.Json;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Watch;

public sealed class WatchLogTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Json_logs_name_the_stage_and_the_file_or_shard_and_sequence_number_of_every_error()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.Combine("tributary.json"), """
            { "Storage": { "DataRoot": "data" }, "Stream": { "ShardCount": 1 }, "Transform": { "MaxDepth": 3 },
              "Watch": { "PollIntervalSeconds": 1, "LoadSchedule": "" } }
            """);
        var source = temp.Combine("data", "source");
        Directory.CreateDirectory(source);

        string log;
        using (var watch = new WatchProcess(temp.Path, "--log-format", "json"))
        {
            await watch.WaitForLogAsync("watching", Deadline);
            Land(temp, source, "bad.json", "this is not JSON");
            Land(temp, source, "mixed.jsonl", """
                {"RetailTxnData":{"InvoiceNo":1,"StoreNo":7}}
                {"RetailTxnData":{"InvoiceNo":2,"StoreNo":7,"Deep":{"a":{"b":{"c":1}}}}}
                """);
            await watch.WaitForLogAsync("\"Stage\":\"transform\"", Deadline);
            Assert.Equal(0, await watch.TerminateAsync(Deadline));
            log = watch.Log;
        }

        var entries = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _), e.GetRawText()));
        var errors = entries.Where(e => e.GetProperty("LogLevel").GetString() == "Error").Select(e => e.GetProperty("State")).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, state => Assert.True(state.TryGetProperty("Stage", out _), "an error log without a stage: " + state.GetRawText()));

        var extract = Assert.Single(errors, s => s.GetProperty("Stage").GetString() == "extract");
        Assert.Equal("source/bad.json", extract.GetProperty("File").GetString());
        Assert.StartsWith("quarantine/files/", extract.GetProperty("ReasonKey").GetString(), StringComparison.Ordinal);

        var transform = Assert.Single(errors, s => s.GetProperty("Stage").GetString() == "transform");
        Assert.Equal("source/mixed.jsonl", transform.GetProperty("File").GetString());
        Assert.Equal("1", transform.GetProperty("Record").GetString());
        Assert.Equal("shardId-000000000000", transform.GetProperty("Shard").GetString());
        Assert.Matches("^[0-9]+$", transform.GetProperty("SequenceNumber").GetString());
        Assert.Contains("depth", transform.GetProperty("ErrorMessage").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Lands a file in one rename, as an uploader does, so that watch never sees it half written.</summary>
    private static void Land(TempDirectory temp, string source, string name, string content)
    {
        var staged = temp.Combine(name);
        File.WriteAllText(staged, content);
        File.Move(staged, Path.Combine(source, name));
    }
}
