using System.Diagnostics.Metrics;

namespace Tributary.Telemetry;

/// <summary>Instruments of the transform stage (see <see cref="MetricNames"/>).</summary>
public sealed class TransformMetrics
{
    private static readonly KeyValuePair<string, object?> Ok = new("result", "ok");
    private static readonly KeyValuePair<string, object?> Dropped = new("result", "dropped");
    private static readonly KeyValuePair<string, object?> Failed = new("result", "failed");

    private readonly Counter<long> _records;
    private readonly Counter<long> _rows;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _documentPath;

    internal TransformMetrics(Meter meter)
    {
        _records = meter.CreateCounter<long>(MetricNames.TransformRecords, "{record}", "Records the transform stage received, by result.");
        _rows = meter.CreateCounter<long>(MetricNames.TransformRows, "{row}", "Flattened rows the transform stage produced.");
        _duration = meter.CreateHistogram<double>(MetricNames.TransformDuration, "s", "Seconds per transform invocation.", advice: new() { HistogramBucketBoundaries = HistogramBuckets.BatchSeconds });
        _documentPath = meter.CreateCounter<long>(MetricNames.TransformDocumentPath, "{record}", "Records the one-pass reader handed to the document path.");
    }

    /// <summary>Records one transform invocation: records by result, rows produced and its duration.</summary>
    public void InvocationHandled(int ok, int dropped, int failed, long rows, TimeSpan duration)
    {
        if (ok > 0)
        {
            _records.Add(ok, Ok);
        }

        if (dropped > 0)
        {
            _records.Add(dropped, Dropped);
        }

        if (failed > 0)
        {
            _records.Add(failed, Failed);
        }

        _rows.Add(rows);
        _duration.Record(duration.TotalSeconds);
    }

    /// <summary>Records that the one-pass reader handed <paramref name="records"/> records to the document path.</summary>
    public void DocumentPathTaken(long records)
    {
        if (records > 0)
        {
            _documentPath.Add(records);
        }
    }
}
