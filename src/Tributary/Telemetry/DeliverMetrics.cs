using System.Diagnostics.Metrics;
using Tributary.Telemetry.Internal;

namespace Tributary.Telemetry;

/// <summary>Instruments of the delivery stream (see <see cref="MetricNames"/>).</summary>
public sealed class DeliverMetrics
{
    private readonly Counter<long> _records;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _batches;
    private readonly Histogram<long> _batchRows;
    private readonly Counter<long> _failures;
    private readonly GaugeValues _bufferBytes = new(null);
    private readonly GaugeValues _bufferRecords = new(null);

    internal DeliverMetrics(Meter meter)
    {
        _records = meter.CreateCounter<long>(MetricNames.DeliverRecords, "{record}", "Records the delivery stream accepted.");
        _bytes = meter.CreateCounter<long>(MetricNames.DeliverBytes, "By", "Bytes written to staging.");
        _batches = meter.CreateCounter<long>(MetricNames.DeliverBatches, "{batch}", "Staging batches written.");
        _batchRows = meter.CreateHistogram<long>(MetricNames.DeliverBatchRows, "{row}", "Rows per staging batch.", advice: new() { HistogramBucketBoundaries = [.. HistogramBuckets.BatchSizes.Select(b => (long)b)] });
        _failures = meter.CreateCounter<long>(MetricNames.DeliverFailures, "{record}", "Records routed to the error prefix.");
        meter.CreateObservableGauge(MetricNames.DeliverBufferFill, _bufferBytes.Observe, "By", "Bytes buffered, not yet flushed.");
        meter.CreateObservableGauge(MetricNames.DeliverBufferRecords, _bufferRecords.Observe, "{record}", "Records buffered, not yet flushed.");
    }

    /// <summary>Counts records accepted by the delivery stream.</summary>
    public void RecordsAccepted(int records) => _records.Add(records);

    /// <summary>Records a staging batch written: its rows and Parquet bytes.</summary>
    public void BatchWritten(long rows, long bytes)
    {
        _batches.Add(1);
        _batchRows.Record(rows);
        _bytes.Add(bytes);
    }

    /// <summary>Counts records routed to the error prefix.</summary>
    public void RecordsFailed(int records) => _failures.Add(records);

    /// <summary>Sets the current buffer level.</summary>
    public void SetBuffer(long bytes, long records)
    {
        _bufferBytes.Set(bytes);
        _bufferRecords.Set(records);
    }
}
