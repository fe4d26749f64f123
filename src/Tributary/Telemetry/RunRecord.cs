namespace Tributary.Telemetry;

/// <summary>
/// One line of the run history (<c>_state/runs.jsonl</c>): what a <c>run</c>, a <c>load</c> or one cycle of
/// <c>watch</c> did, per stage, and how healthy the pipeline was at its end. <c>report</c> and <c>status</c> read it.
/// </summary>
public sealed record RunRecord
{
    /// <summary>What wrote it: <c>run</c>, <c>watch</c> or <c>load</c>.</summary>
    public string Mode { get; init; } = "run";

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset Finished { get; init; }

    /// <summary>Source files ingested.</summary>
    public long FilesIngested { get; init; }

    /// <summary>Source files quarantined.</summary>
    public long FilesQuarantined { get; init; }

    /// <summary>Records put on the stream.</summary>
    public long RecordsExtracted { get; init; }

    /// <summary>Source bytes read.</summary>
    public long BytesExtracted { get; init; }

    /// <summary>Records handled by process.</summary>
    public long RecordsProcessed { get; init; }

    /// <summary>Records process failed or quarantined.</summary>
    public long RecordsFailed { get; init; }

    /// <summary>Rows produced by transform.</summary>
    public long RowsTransformed { get; init; }

    /// <summary>Records routed to the delivery error prefix.</summary>
    public long RecordsDeliveryFailed { get; init; }

    /// <summary>Staging batches written.</summary>
    public long StagingBatches { get; init; }

    /// <summary>Bytes written to staging.</summary>
    public long StagingBytes { get; init; }

    /// <summary>Rows inserted into curated.</summary>
    public long RowsInserted { get; init; }

    /// <summary>Rows updated in curated.</summary>
    public long RowsUpdated { get; init; }

    /// <summary>Rows rejected by curation.</summary>
    public long RowsRejected { get; init; }

    /// <summary>Loads that committed.</summary>
    public long Loads { get; init; }

    /// <summary>Seconds spent in process invocations.</summary>
    public double ProcessSeconds { get; init; }

    /// <summary>Seconds spent in transform invocations.</summary>
    public double TransformSeconds { get; init; }

    /// <summary>Seconds spent loading.</summary>
    public double LoadSeconds { get; init; }

    /// <summary>The largest per-shard lag at the end, in records.</summary>
    public double MaxLagRecords { get; init; }

    /// <summary>The largest per-shard lag at the end, in milliseconds.</summary>
    public double MaxLagMilliseconds { get; init; }

    /// <summary>Median freshness (seconds from landing to visible in curated), when measured.</summary>
    public double? FreshnessP50Seconds { get; init; }

    /// <summary>99th percentile freshness, when measured.</summary>
    public double? FreshnessP99Seconds { get; init; }

    /// <summary>Final table versions at the end (table name → version).</summary>
    public IReadOnlyDictionary<string, long> TableVersions { get; init; } = new Dictionary<string, long>();

    /// <summary>Elapsed seconds.</summary>
    public double ElapsedSeconds => (Finished - Started).TotalSeconds;

    /// <summary>Builds a record from what a <see cref="MetricsTotals"/> saw between <paramref name="started"/> and <paramref name="finished"/>.</summary>
    public static RunRecord FromTotals(string mode, DateTimeOffset started, DateTimeOffset finished, MetricsTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var gauges = totals.ReadGauges();
        var freshness = totals.FreshnessSamples;
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        double maxLagRecords = 0, maxLagMs = 0;
        foreach (var (key, value) in gauges)
        {
            if (key.StartsWith(MetricNames.StreamLagRecords + "{", StringComparison.Ordinal))
            {
                maxLagRecords = Math.Max(maxLagRecords, value);
            }
            else if (key.StartsWith(MetricNames.StreamLagSeconds + "{", StringComparison.Ordinal))
            {
                maxLagMs = Math.Max(maxLagMs, value * 1000);
            }
            else if (key.StartsWith(MetricNames.TableVersion + "{table=", StringComparison.Ordinal))
            {
                versions[key[(MetricNames.TableVersion.Length + 7)..^1]] = (long)value;
            }
        }

        return new RunRecord
        {
            Mode = mode,
            Started = started,
            Finished = finished,
            FilesIngested = (long)totals.Sum(MetricNames.ExtractFiles, "outcome", "ingested"),
            FilesQuarantined = (long)totals.Sum(MetricNames.ExtractFiles, "outcome", "quarantined"),
            RecordsExtracted = (long)totals.Sum(MetricNames.ExtractRecords),
            BytesExtracted = (long)totals.Sum(MetricNames.ExtractBytes),
            RecordsProcessed = (long)totals.Sum(MetricNames.ProcessRecords),
            RecordsFailed = (long)totals.Sum(MetricNames.ProcessFailures),
            RowsTransformed = (long)totals.Sum(MetricNames.TransformRows),
            RecordsDeliveryFailed = (long)totals.Sum(MetricNames.DeliverFailures),
            StagingBatches = (long)totals.Sum(MetricNames.DeliverBatches),
            StagingBytes = (long)totals.Sum(MetricNames.DeliverBytes),
            RowsInserted = (long)totals.Sum(MetricNames.LoadRowsMerged, "action", "inserted"),
            RowsUpdated = (long)totals.Sum(MetricNames.LoadRowsMerged, "action", "updated"),
            RowsRejected = (long)totals.Sum(MetricNames.LoadRowsRejected),
            Loads = (long)totals.Sum(MetricNames.LoadRuns, "outcome", "committed"),
            ProcessSeconds = totals.Histogram(MetricNames.ProcessBatchDuration).Sum,
            TransformSeconds = totals.Histogram(MetricNames.TransformDuration).Sum,
            LoadSeconds = totals.Histogram(MetricNames.LoadDuration).Sum,
            MaxLagRecords = maxLagRecords,
            MaxLagMilliseconds = maxLagMs,
            FreshnessP50Seconds = Percentile(freshness, 0.50),
            FreshnessP99Seconds = Percentile(freshness, 0.99),
            TableVersions = versions,
        };
    }

    /// <summary>The nearest-rank percentile of <paramref name="values"/>, or null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
