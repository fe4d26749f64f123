using Tributary.Extract;

namespace Tributary.Runtime;

/// <summary>What the local event-source mapping did during a drain.</summary>
public sealed class EventSourceMappingSummary
{
    /// <summary>Batches read from the shards (before any retry or split).</summary>
    public long Batches { get; set; }

    /// <summary>Invocations of the function, retries and split halves included.</summary>
    public long Invocations { get; set; }

    /// <summary>Records handled successfully.</summary>
    public long Records { get; set; }

    /// <summary>Invocations that were retries of a failed batch.</summary>
    public long Retries { get; set; }

    /// <summary>Records sent to the on-failure destination.</summary>
    public List<QuarantinedRecord> QuarantinedRecords { get; } = [];

    /// <summary>How long the drain took.</summary>
    public TimeSpan Elapsed { get; set; }
}
