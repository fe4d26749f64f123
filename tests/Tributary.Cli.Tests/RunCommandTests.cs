using System.Text.Json;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_drains_generated_files_to_staging_and_reports_json_and_text()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("tributary.json"), """{ "Storage": { "DataRoot": "./data" }, "Stream": { "ShardCount": 2, "FlushToDisk": false } }""");
        var config = folder.Combine("tributary.json");
        var generated = await CliRun.InvokeAsync("generate", "--config", config, "--rows", "300", "--files", "2", "--seed", "3");
        Assert.Equal(0, generated.ExitCode);
        File.WriteAllText(folder.Combine("data", "source", "bad.json"), "[{\"a\":1},");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        var root = report.RootElement;
        Assert.Equal(3, root.GetProperty("files").GetInt32());
        Assert.Equal(601, root.GetProperty("records").GetInt64());
        Assert.Equal(601, root.GetProperty("recordsProcessed").GetInt64());
        Assert.True(root.GetProperty("rows").GetInt64() >= 600);
        Assert.True(root.GetProperty("stagingBatches").GetInt64() >= 1);
        var quarantined = root.GetProperty("quarantinedFiles");
        Assert.Equal("source/bad.json", quarantined[0].GetProperty("source").GetString());
        Assert.Equal(["extract", "process+deliver", "flush", "load"], root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        Assert.NotEmpty(Directory.GetFiles(folder.Combine("data", "staging"), "*.parquet", SearchOption.AllDirectories));
        Assert.True(root.GetProperty("load").GetProperty("rowsInserted").GetInt64() >= 600);
        Assert.True(Directory.Exists(folder.Combine("data", "final", "curated", "_delta_log")));

        var again = await CliRun.InvokeAsync("run", "--config", config);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("run: 0 new files (3 already ingested), 0 records extracted", again.Out);
        Assert.Contains("quarantined files             0", again.Out);
        Assert.Contains("Nothing new to load", again.Out);
        Assert.Contains("FROM sales_summary", again.Out);
        Assert.Contains("Europe ", again.Out); // a row of the query result over sales_summary
    }
}
