using System.Diagnostics.Metrics;
using Tributary.Telemetry;

namespace Tributary.Tests.Telemetry;

public sealed class TributaryMetricsTests
{
    [Fact]
    public void The_meter_publishes_exactly_the_documented_names()
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == TributaryMetrics.MeterName)
                {
                    lock (published)
                    {
                        published.Add(instrument.Name);
                    }
                }
            },
        };
        _ = TributaryMetrics.Load;
        listener.Start();

        Assert.Equal(MetricNames.All.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
        Assert.All(MetricNames.All, name => Assert.StartsWith("tributary.", name, StringComparison.Ordinal));
    }

    [Fact]
    public void Totals_sum_counters_per_tag_and_read_gauges()
    {
        var shard = "shard-" + Guid.NewGuid().ToString("N");
        using var totals = new MetricsTotals();

        TributaryMetrics.Process.BatchHandled(shard, 100, 4096, 2, TimeSpan.FromMilliseconds(30));
        TributaryMetrics.Process.BatchHandled(shard, 50, 1024, 0, TimeSpan.FromMilliseconds(10));
        TributaryMetrics.Stream.SetLag(shard, 17, 250);

        Assert.Equal(150, totals.Sum(MetricNames.ProcessRecords, "shard", shard));
        Assert.Equal(5120, totals.Sum(MetricNames.ProcessBytes, "shard", shard));
        Assert.Equal(2, totals.Sum(MetricNames.ProcessFailures, "shard", shard));
        Assert.True(totals.Histogram(MetricNames.ProcessBatchSize).Count >= 2);
        var gauges = totals.ReadGauges();
        Assert.Equal(17, gauges[$"{MetricNames.StreamLagRecords}{{shard={shard}}}"]);
        Assert.Equal(0.25, gauges[$"{MetricNames.StreamLagSeconds}{{shard={shard}}}"]);
    }

    [Fact]
    public void A_run_record_carries_what_the_stages_reported()
    {
        var table = "t" + Guid.NewGuid().ToString("N");
        using var totals = new MetricsTotals();
        var started = DateTimeOffset.UtcNow;

        TributaryMetrics.Extract.RecordsPut(10, 2000);
        TributaryMetrics.Extract.FileIngested();
        TributaryMetrics.Load.LoadCompleted("committed", TimeSpan.FromSeconds(1.5), 3, 40, 2, 1);
        TributaryMetrics.Load.SetTableVersion(table, 7);
        TributaryMetrics.RecordFreshness(TimeSpan.FromSeconds(2));
        var shard = "shard-" + Guid.NewGuid().ToString("N");
        TributaryMetrics.Stream.SetLag(shard, 3, 1500);

        var run = RunRecord.FromTotals("run", started, started.AddSeconds(4), totals);
        TributaryMetrics.Stream.SetLag(shard, 0, 0);

        Assert.True(run.RecordsExtracted >= 10);
        Assert.True(run.BytesExtracted >= 2000);
        Assert.True(run.FilesIngested >= 1);
        Assert.True(run.RowsInserted >= 40);
        Assert.True(run.RowsUpdated >= 2);
        Assert.True(run.RowsRejected >= 1);
        Assert.True(run.LoadSeconds >= 1.5);
        Assert.Equal(7, run.TableVersions[table]);
        Assert.NotNull(run.FreshnessP99Seconds);
        Assert.True(run.MaxLagMilliseconds >= 1500, "the gauge is in seconds, the run record in milliseconds");
        Assert.Equal(4, run.ElapsedSeconds);
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        double[] values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
        Assert.Equal(5, RunRecord.Percentile(values, 0.5));
        Assert.Equal(10, RunRecord.Percentile(values, 0.99));
        Assert.Null(RunRecord.Percentile([], 0.5));
    }
}
