using Tributary.Configuration;
using Tributary.Monitoring;
using Tributary.Telemetry;
using Tributary.TestSupport;

namespace Tributary.Tests.Monitoring;

public sealed class PipelineStatusTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_clean_last_run_within_the_freshness_limit_is_healthy()
    {
        using var temp = new TempDirectory();
        var inspector = Inspector(temp);
        await AppendAsync(inspector, new RunRecord { FilesQuarantined = 2, FreshnessP99Seconds = 500 }); // an older run
        await AppendAsync(inspector, new RunRecord { FilesIngested = 3, Loads = 1, FreshnessP99Seconds = 4.5 });

        var status = await inspector.ReadStatusAsync(new ManualClock(Noon));

        Assert.True(status.Healthy, string.Join("; ", status.Problems));
        Assert.Equal(4.5, status.FreshnessP99Seconds);
        Assert.Single(status.LastLoads);
    }

    [Fact]
    public async Task Freshness_over_the_limit_is_unhealthy()
    {
        using var temp = new TempDirectory();
        var inspector = Inspector(temp);
        await AppendAsync(inspector, new RunRecord { FilesIngested = 3, Loads = 1, FreshnessP99Seconds = 90 });

        var status = await inspector.ReadStatusAsync(new ManualClock(Noon));

        Assert.False(status.Healthy);
        var problem = Assert.Single(status.Problems);
        Assert.Contains("freshness p99", problem, StringComparison.Ordinal);
        Assert.Contains("Watch:MaxFreshnessSeconds = 60", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_growing_quarantine_is_unhealthy_and_names_where_to_look()
    {
        using var temp = new TempDirectory();
        var inspector = Inspector(temp);
        await AppendAsync(inspector, new RunRecord { FilesIngested = 3, FilesQuarantined = 1, RecordsFailed = 2, RowsRejected = 5 });

        var status = await inspector.ReadStatusAsync(new ManualClock(Noon));

        var problem = Assert.Single(status.Problems);
        Assert.Contains("quarantine grew", problem, StringComparison.Ordinal);
        Assert.Contains("1 files, 2 records, 5 rejected rows", problem, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.Path, "quarantine", "files"), problem, StringComparison.Ordinal);
    }

    private static PipelineInspector Inspector(TempDirectory temp) =>
        new(new TributaryOptions { Storage = { DataRoot = temp.Path } });

    private static Task AppendAsync(PipelineInspector inspector, RunRecord run) =>
        inspector.History.AppendAsync(run with { Started = Noon.AddMinutes(-5), Finished = Noon.AddMinutes(-4) });
}
