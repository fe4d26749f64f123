using Tributary.Delivery;
using Tributary.Extract;

namespace Tributary.Runtime;

/// <summary>What <see cref="LocalPipeline.RunAsync"/> did: counts, where rejected input went, and time per stage.</summary>
public sealed class RunSummary
{
    /// <summary>Source files ingested in this run.</summary>
    public int Files { get; set; }

    /// <summary>Source files already ingested by an earlier run.</summary>
    public int FilesSkipped { get; set; }

    /// <summary>Records put on the stream by extract.</summary>
    public long Records { get; set; }

    /// <summary>Records of files in progress that a crashed run had already put on the stream (not put again).</summary>
    public long RecordsFoundInStream { get; set; }

    /// <summary>Records the delivery journal proved staged (or sent to the error prefix) by a crashed run.</summary>
    public long RecordsFoundStaged { get; set; }

    /// <summary>Records replayed from the stream that were already staged, and so were not staged again.</summary>
    public long RecordsSkippedAsStaged { get; set; }

    /// <summary>Records handled by process (archived and forwarded).</summary>
    public long RecordsProcessed { get; set; }

    /// <summary>Flattened rows written to staging.</summary>
    public long Rows { get; set; }

    /// <summary>Raw objects written.</summary>
    public long RawObjects { get; set; }

    /// <summary>Staging Parquet batches written.</summary>
    public long StagingBatches { get; set; }

    /// <summary>Records the transformation failed (written to the delivery stream's error prefix).</summary>
    public long RecordsFailedInTransform { get; set; }

    /// <summary>Files quarantined by extract.</summary>
    public List<QuarantinedFile> QuarantinedFiles { get; } = [];

    /// <summary>Records set aside by extract (too large) or by the event-source mapping (kept failing).</summary>
    public List<QuarantinedRecord> QuarantinedRecords { get; } = [];

    /// <summary>What the delivery stream reports, when it is the embedded one.</summary>
    public DeliveryStatistics? Delivery { get; set; }

    /// <summary>What the load hook returned, when there is one.</summary>
    public object? Load { get; set; }

    /// <summary>Time and throughput per stage, in flow order.</summary>
    public List<StageTiming> Stages { get; } = [];

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; set; }
}

/// <summary>How long a stage took and how many records it handled.</summary>
/// <param name="Stage">The stage name (<c>extract</c>, <c>process+deliver</c>, <c>flush</c>, <c>load</c>).</param>
/// <param name="Records">Records the stage handled.</param>
/// <param name="Elapsed">Its wall time.</param>
public sealed record StageTiming(string Stage, long Records, TimeSpan Elapsed)
{
    /// <summary>Records per second (0 when it took under 10 ms, too little to measure).</summary>
    public double RecordsPerSecond => Elapsed.TotalMilliseconds >= 10 ? Math.Round(Records / Elapsed.TotalSeconds, 1) : 0;
}
