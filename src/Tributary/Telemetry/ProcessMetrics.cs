using System.Diagnostics.Metrics;

namespace Tributary.Telemetry;

/// <summary>Instruments of the process stage (see <see cref="MetricNames"/>).</summary>
public sealed class ProcessMetrics
{
    private readonly Counter<long> _records;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _failures;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _rawObjects;

    internal ProcessMetrics(Meter meter)
    {
        _records = meter.CreateCounter<long>(MetricNames.ProcessRecords, "{record}", "Stream records the process stage handled.");
        _bytes = meter.CreateCounter<long>(MetricNames.ProcessBytes, "By", "Stream record payload bytes the process stage handled.");
        _failures = meter.CreateCounter<long>(MetricNames.ProcessFailures, "{record}", "Records process reported as failed.");
        _batchSize = meter.CreateHistogram<long>(MetricNames.ProcessBatchSize, "{record}", "Records per process invocation.", advice: new() { HistogramBucketBoundaries = [.. HistogramBuckets.BatchSizes.Select(b => (long)b)] });
        _batchDuration = meter.CreateHistogram<double>(MetricNames.ProcessBatchDuration, "s", "Seconds per process invocation.", advice: new() { HistogramBucketBoundaries = HistogramBuckets.BatchSeconds });
        _rawObjects = meter.CreateCounter<long>(MetricNames.ProcessRawObjects, "{object}", "Raw objects written under raw/.");
    }

    /// <summary>Records one process invocation on a shard: its size, payload bytes, failed records and duration.</summary>
    public void BatchHandled(string shard, int records, long bytes, int failedRecords, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("shard", shard);
        _records.Add(records, tag);
        _bytes.Add(bytes, tag);
        if (failedRecords > 0)
        {
            _failures.Add(failedRecords, tag);
        }

        _batchSize.Record(records);
        _batchDuration.Record(duration.TotalSeconds);
    }

    /// <summary>Counts records sent to the on-failure destination (<c>quarantine/records/</c>).</summary>
    public void RecordsQuarantined(string shard, int records) =>
        _failures.Add(records, new KeyValuePair<string, object?>("shard", shard), new KeyValuePair<string, object?>("reason", "quarantined"));

    /// <summary>Counts raw objects written.</summary>
    public void RawObjectsWritten(int objects) => _rawObjects.Add(objects);
}
