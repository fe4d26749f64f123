namespace Tributary.Telemetry;

/// <summary>
/// The names of every instrument on the <c>Tributary</c> meter. The scheme is <c>tributary.&lt;stage&gt;.&lt;what&gt;</c>
/// with the words of DESIGN.md §5; counters count things (records, rows, bytes, files, batches, failures), histograms
/// measure sizes and durations in seconds, gauges report a current level. Prometheus renders the dots as underscores
/// and appends <c>_total</c> to counters and the unit (<c>_seconds</c>, <c>_bytes</c>) where one is declared.
/// </summary>
public static class MetricNames
{
    /// <summary>Source files the extract stage finished reading (tag <c>outcome</c>: <c>ingested</c> or <c>quarantined</c>).</summary>
    public const string ExtractFiles = "tributary.extract.files";

    /// <summary>Records extract put on the stream.</summary>
    public const string ExtractRecords = "tributary.extract.records";

    /// <summary>Source bytes extract read.</summary>
    public const string ExtractBytes = "tributary.extract.bytes";

    /// <summary>Extract failures (a file quarantined, a put that kept failing).</summary>
    public const string ExtractFailures = "tributary.extract.failures";

    /// <summary>Stream records the process stage handled (tag <c>shard</c>).</summary>
    public const string ProcessRecords = "tributary.process.records";

    /// <summary>Stream record payload bytes the process stage handled.</summary>
    public const string ProcessBytes = "tributary.process.bytes";

    /// <summary>Records process reported as failed (batchItemFailures) or sent to the on-failure destination.</summary>
    public const string ProcessFailures = "tributary.process.failures";

    /// <summary>Records per process invocation (histogram).</summary>
    public const string ProcessBatchSize = "tributary.process.batch.size";

    /// <summary>Seconds per process invocation (histogram).</summary>
    public const string ProcessBatchDuration = "tributary.process.batch.duration";

    /// <summary>Raw objects the process stage wrote under <c>raw/</c>.</summary>
    public const string ProcessRawObjects = "tributary.process.raw.objects";

    /// <summary>Records the transform stage received (tag <c>result</c>: <c>ok</c>, <c>dropped</c>, <c>failed</c>).</summary>
    public const string TransformRecords = "tributary.transform.records";

    /// <summary>Flattened rows the transform stage produced.</summary>
    public const string TransformRows = "tributary.transform.rows";

    /// <summary>Seconds per transform invocation (histogram).</summary>
    public const string TransformDuration = "tributary.transform.duration";

    /// <summary>
    /// Records the transform's one-pass reader handed to the slower document path (lists, unusual names or envelopes,
    /// invalid input); a high share means the data is not the shape the fast path reads.
    /// </summary>
    public const string TransformDocumentPath = "tributary.transform.document_path";

    /// <summary>Records the delivery stream accepted.</summary>
    public const string DeliverRecords = "tributary.deliver.records";

    /// <summary>Bytes the delivery stream wrote to staging.</summary>
    public const string DeliverBytes = "tributary.deliver.bytes";

    /// <summary>Staging batches written.</summary>
    public const string DeliverBatches = "tributary.deliver.batches";

    /// <summary>Rows per staging batch (histogram).</summary>
    public const string DeliverBatchRows = "tributary.deliver.batch.rows";

    /// <summary>Records routed to the error prefix (<c>processing-failed/</c>).</summary>
    public const string DeliverFailures = "tributary.deliver.failures";

    /// <summary>Bytes buffered in the delivery stream, not yet flushed (gauge).</summary>
    public const string DeliverBufferFill = "tributary.deliver.buffer.fill";

    /// <summary>Records buffered in the delivery stream, not yet flushed (gauge).</summary>
    public const string DeliverBufferRecords = "tributary.deliver.buffer.records";

    /// <summary>Records on a shard not yet checkpointed by the consumer (gauge, tag <c>shard</c>).</summary>
    public const string StreamLagRecords = "tributary.stream.lag.records";

    /// <summary>
    /// Seconds between now and the arrival of the oldest unprocessed record of a shard (gauge, tag <c>shard</c>; unit
    /// <c>s</c>, so Prometheus shows <c>tributary_stream_lag_seconds</c>).
    /// </summary>
    public const string StreamLagSeconds = "tributary.stream.lag";

    /// <summary>Staging batches written but not yet loaded into Delta (gauge).</summary>
    public const string StagingBatchesWaiting = "tributary.staging.batches.waiting";

    /// <summary>Loads run (tag <c>outcome</c>: <c>committed</c>, <c>empty</c>, <c>skipped</c>, <c>failed</c>).</summary>
    public const string LoadRuns = "tributary.load.runs";

    /// <summary>Seconds per load (histogram).</summary>
    public const string LoadDuration = "tributary.load.duration";

    /// <summary>Staging batches consumed by loads.</summary>
    public const string LoadBatches = "tributary.load.batches";

    /// <summary>Rows merged into the curated table (tag <c>action</c>: <c>inserted</c>, <c>updated</c>).</summary>
    public const string LoadRowsMerged = "tributary.load.rows.merged";

    /// <summary>Rows that failed curation and went to the <c>rejected</c> table.</summary>
    public const string LoadRowsRejected = "tributary.load.rows.rejected";

    /// <summary>The current version of a final table (gauge, tag <c>table</c>).</summary>
    public const string TableVersion = "tributary.table.version";

    /// <summary>Seconds from a source file landing to its rows being visible in <c>curated</c> (histogram).</summary>
    public const string Freshness = "tributary.freshness";

    /// <summary>Every name above, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ExtractFiles, ExtractRecords, ExtractBytes, ExtractFailures,
        ProcessRecords, ProcessBytes, ProcessFailures, ProcessBatchSize, ProcessBatchDuration, ProcessRawObjects,
        TransformRecords, TransformRows, TransformDuration, TransformDocumentPath,
        DeliverRecords, DeliverBytes, DeliverBatches, DeliverBatchRows, DeliverFailures, DeliverBufferFill, DeliverBufferRecords,
        StreamLagRecords, StreamLagSeconds,
        StagingBatchesWaiting,
        LoadRuns, LoadDuration, LoadBatches, LoadRowsMerged, LoadRowsRejected,
        TableVersion, Freshness,
    ];
}
