namespace Tributary.Telemetry;

/// <summary>
/// The explicit bucket boundaries of the <c>Tributary</c> histograms, given to each instrument as
/// <see cref="System.Diagnostics.Metrics.InstrumentAdvice{T}"/> so that every exporter (Prometheus, OTLP) uses them
/// without a view. OpenTelemetry's default boundaries (0 to 10,000) suit milliseconds; these are seconds and counts.
/// </summary>
public static class HistogramBuckets
{
    /// <summary>Seconds per stage invocation (process, transform): a millisecond to a minute.</summary>
    public static IReadOnlyList<double> BatchSeconds { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Seconds per load: 50 ms to 10 minutes.</summary>
    public static IReadOnlyList<double> LoadSeconds { get; } =
        [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

    /// <summary>Seconds from landing to visible: 50 ms to 5 minutes, finest around the 5-second target.</summary>
    public static IReadOnlyList<double> FreshnessSeconds { get; } =
        [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 45, 60, 120, 300];

    /// <summary>Records or rows per batch: one to a million.</summary>
    public static IReadOnlyList<double> BatchSizes { get; } =
        [1, 10, 50, 100, 500, 1000, 5000, 10_000, 50_000, 100_000, 500_000, 1_000_000];
}
