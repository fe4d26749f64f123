using System.Diagnostics.Metrics;
using Tributary.Telemetry.Internal;

namespace Tributary.Telemetry;

/// <summary>Instruments of the load stage and the final tables (see <see cref="MetricNames"/>).</summary>
public sealed class LoadMetrics
{
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _rowsMerged;
    private readonly Counter<long> _rowsRejected;
    private readonly GaugeValues _tableVersions = new("table");

    internal LoadMetrics(Meter meter)
    {
        _runs = meter.CreateCounter<long>(MetricNames.LoadRuns, "{load}", "Loads run, by outcome.");
        _duration = meter.CreateHistogram<double>(MetricNames.LoadDuration, "s", "Seconds per load.", advice: new() { HistogramBucketBoundaries = HistogramBuckets.LoadSeconds });
        _batches = meter.CreateCounter<long>(MetricNames.LoadBatches, "{batch}", "Staging batches consumed by loads.");
        _rowsMerged = meter.CreateCounter<long>(MetricNames.LoadRowsMerged, "{row}", "Rows merged into curated, by action.");
        _rowsRejected = meter.CreateCounter<long>(MetricNames.LoadRowsRejected, "{row}", "Rows that failed curation.");
        meter.CreateObservableGauge(MetricNames.TableVersion, _tableVersions.Observe, "{version}", "Current version of a final table.");
    }

    /// <summary>
    /// Records one load: <paramref name="outcome"/> is <c>committed</c>, <c>empty</c> (nothing new), <c>skipped</c>
    /// (already committed) or <c>failed</c>.
    /// </summary>
    public void LoadCompleted(string outcome, TimeSpan duration, int batches, long rowsInserted, long rowsUpdated, long rowsRejected)
    {
        _runs.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _duration.Record(duration.TotalSeconds);
        _batches.Add(batches);
        if (rowsInserted > 0)
        {
            _rowsMerged.Add(rowsInserted, new KeyValuePair<string, object?>("action", "inserted"));
        }

        if (rowsUpdated > 0)
        {
            _rowsMerged.Add(rowsUpdated, new KeyValuePair<string, object?>("action", "updated"));
        }

        if (rowsRejected > 0)
        {
            _rowsRejected.Add(rowsRejected);
        }
    }

    /// <summary>Sets the current version of a final table (<c>curated</c>, <c>sales_summary</c>, <c>rejected</c>).</summary>
    public void SetTableVersion(string table, long version) => _tableVersions.Set(table, version);
}
