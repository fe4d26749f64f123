using Tributary.Reporting;
using Tributary.Telemetry;

namespace Tributary.Monitoring;

/// <summary>The pipeline's health as <c>tributary status</c> shows it, read from persisted state only.</summary>
public sealed record PipelineStatus
{
    /// <summary>True when no threshold is crossed.</summary>
    public bool Healthy => Problems.Count == 0;

    /// <summary>Each crossed threshold, as a sentence naming the value, the limit and the setting.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; init; } = string.Empty;

    /// <summary>The data root.</summary>
    public string DataRoot { get; init; } = string.Empty;

    /// <summary>When the state was read.</summary>
    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>Consumer lag per shard.</summary>
    public IReadOnlyList<ShardLag> Shards { get; init; } = [];

    /// <summary>Records on the stream not yet processed (the sum of shard lags).</summary>
    public long BufferedRecords { get; init; }

    /// <summary>Staging batches not loaded yet.</summary>
    public int StagingBatchesWaiting { get; init; }

    /// <summary>The oldest few of them.</summary>
    public IReadOnlyList<string> StagingBatchesWaitingKeys { get; init; } = [];

    /// <summary>The most recent runs that loaded, newest last, with their load durations.</summary>
    public IReadOnlyList<RunRecord> LastLoads { get; init; } = [];

    /// <summary>The final tables: versions and row counts.</summary>
    public IReadOnlyList<TableState> Tables { get; init; } = [];

    /// <summary>Quarantined and rejected counts, with paths.</summary>
    public SetAsideCounts? SetAside { get; init; }

    /// <summary>The last run's p99 freshness in seconds, when measured.</summary>
    public double? FreshnessP99Seconds { get; init; }
}
