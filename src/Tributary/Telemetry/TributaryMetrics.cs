using System.Diagnostics.Metrics;

namespace Tributary.Telemetry;

/// <summary>
/// The process-wide <c>Tributary</c> meter and its instruments, grouped by stage. Stages call it directly: when no
/// listener (OpenTelemetry, <see cref="MetricsTotals"/>) is attached each call is a flag check, so it costs nearly
/// nothing on hot paths. Names are listed in <see cref="MetricNames"/> and the README's "Metrics" section.
/// </summary>
public static class TributaryMetrics
{
    /// <summary>The meter's name, to subscribe to (<c>AddMeter("Tributary")</c>).</summary>
    public const string MeterName = "Tributary";

    /// <summary>The meter itself.</summary>
    public static Meter Meter { get; } = new(MeterName, typeof(TributaryMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Extract: files, records, bytes, failures.</summary>
    public static ExtractMetrics Extract { get; } = new(Meter);

    /// <summary>Process: records, bytes, failures, batch size and duration, raw objects.</summary>
    public static ProcessMetrics Process { get; } = new(Meter);

    /// <summary>Transform: records by result, rows, duration.</summary>
    public static TransformMetrics Transform { get; } = new(Meter);

    /// <summary>Deliver: records, bytes, batches, failures, buffer fill.</summary>
    public static DeliverMetrics Deliver { get; } = new(Meter);

    /// <summary>Record stream: lag per shard.</summary>
    public static StreamMetrics Stream { get; } = new(Meter);

    /// <summary>Staging: batches and rows waiting for a load.</summary>
    public static StagingMetrics Staging { get; } = new(Meter);

    /// <summary>Load: runs, duration, batches, rows merged and rejected, table versions.</summary>
    public static LoadMetrics Load { get; } = new(Meter);

    private static readonly Histogram<double> FreshnessHistogram =
        Meter.CreateHistogram<double>(MetricNames.Freshness, "s", "Seconds from a source file landing to its rows being visible in curated.", advice: new() { HistogramBucketBoundaries = HistogramBuckets.FreshnessSeconds });

    /// <summary>Records the freshness of one source file: from landing in <c>source/</c> to visible in <c>curated</c>.</summary>
    public static void RecordFreshness(TimeSpan freshness) => FreshnessHistogram.Record(freshness.TotalSeconds);
}
