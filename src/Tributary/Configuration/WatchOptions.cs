using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>Continuous mode: discovery, load schedule, metrics and health thresholds (section <c>Watch</c>).</summary>
public sealed class WatchOptions
{
    /// <summary>
    /// Seconds between listings of <c>source/</c> that catch anything file-system notifications missed (the safety
    /// net; notifications wake <c>watch</c> at once).
    /// </summary>
    [Range(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// Milliseconds to wait after a notification before draining, so that a burst of files is taken in one cycle.
    /// </summary>
    [Range(0, 60_000)]
    public int SettleMilliseconds { get; set; } = 200;

    /// <summary>
    /// When to load on a schedule: a cron expression, five fields (minute precision) or six (seconds first). Empty
    /// disables the schedule, leaving the <see cref="LoadWhenBatchesWaiting"/> trigger.
    /// </summary>
    public string LoadSchedule { get; set; } = "*/30 * * * * *";

    /// <summary>
    /// Load as soon as this many staging batches wait after a drain (0 disables the trigger, leaving the schedule).
    /// The default, 1, loads after every drain that staged something: the freshest setting.
    /// </summary>
    [Range(0, 1_000_000)]
    public int LoadWhenBatchesWaiting { get; set; } = 1;

    /// <summary>Seconds a stop request (Ctrl+C, SIGTERM) may take to flush, checkpoint and finish the running load.</summary>
    [Range(1, 3600)]
    public int ShutdownGraceSeconds { get; set; } = 30;

    /// <summary>The Prometheus scrape port on 127.0.0.1 (0 = no endpoint). <c>--metrics-port</c> overrides it.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>An OTLP endpoint (e.g. <c>http://127.0.0.1:4317</c>) to export metrics to; empty = no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// The OTLP protocol: <c>Grpc</c> (default) or <c>HttpProtobuf</c>, whose endpoint is the full URL of the
    /// metrics path (e.g. <c>http://127.0.0.1:4318/v1/metrics</c>).
    /// </summary>
    public MetricsExportProtocol OtlpProtocol { get; set; } = MetricsExportProtocol.Grpc;

    /// <summary>Seconds between OTLP exports; a final export happens when <c>watch</c> stops.</summary>
    [Range(1, 3600)]
    public int OtlpExportIntervalSeconds { get; set; } = 60;

    /// <summary>Unhealthy when a shard's consumer is more than this many records behind (<c>status</c> exit code 3).</summary>
    [Range(0, long.MaxValue)]
    public long MaxLagRecords { get; set; } = 100_000;

    /// <summary>Unhealthy when a shard's oldest unprocessed record is older than this many seconds.</summary>
    [Range(0, 86_400 * 7)]
    public int MaxLagSeconds { get; set; } = 300;

    /// <summary>Unhealthy when the last run's p99 freshness (landing to visible in curated) exceeds this many seconds.</summary>
    [Range(0, 86_400 * 7)]
    public int MaxFreshnessSeconds { get; set; } = 60;

    /// <summary>Unhealthy when more than this many staging batches wait for a load.</summary>
    [Range(0, 1_000_000)]
    public int MaxBatchesWaiting { get; set; } = 1000;
}
