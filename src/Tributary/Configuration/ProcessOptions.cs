using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>The process stage and its event-source mapping (section <c>Process</c>).</summary>
public sealed class ProcessOptions
{
    /// <summary>
    /// The key of raw objects: literal text with <c>{field.path}</c> placeholders (values from the record, escaped as
    /// Hive partition values) and <c>{arrival:format}</c> (the stream arrival time, UTC). Must start with <c>raw/</c>;
    /// no value can leave that prefix. The object name is added after it.
    /// </summary>
    [Required]
    public string RawKeyTemplate { get; set; } = "raw/Region={RetailTxnData.Region}/StoreNo={RetailTxnData.StoreNo}/invoiceprocess_date={arrival:yyyy-MM-dd}/";

    /// <summary>
    /// One JSON Lines object per partition per checkpoint round (default; per batch where the host cannot hold a
    /// round, as on Lambda), per batch, or one object per record (the seed's mode).
    /// </summary>
    public RawArchiveMode RawMode { get; set; } = RawArchiveMode.Checkpoint;

    /// <summary>
    /// Records per event the event-source mapping sends to process (Lambda: default 100, at most 10,000). The local
    /// default is 2,000: the batch raw mode writes one object per partition per batch, so with the retail layout
    /// (region × store × day) a batch of 100 costs about 0.7 raw objects per record and a batch of 2,000 about 0.06,
    /// while an event stays near 2 MB (Lambda's limit is 6 MB) and the memory of four shards in flight stays small.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>How long the mapping waits to fill a batch, in seconds (Lambda: 0 to 300). 0 sends what is there.</summary>
    [Range(0, 300)]
    public int MaximumBatchingWindowInSeconds { get; set; }

    /// <summary>Split a failed batch in two and retry each half (does not use up retries, as in Lambda).</summary>
    public bool BisectBatchOnFunctionError { get; set; } = true;

    /// <summary>
    /// Retries of a failing batch before its records go to the on-failure destination. −1 means forever (Lambda's
    /// default, which blocks the shard); the local default of 3 lets the shard move on.
    /// </summary>
    [Range(-1, 10_000)]
    public int MaximumRetryAttempts { get; set; } = 3;

    /// <summary>The on-failure destination: records that keep failing are written here with the error.</summary>
    [Required]
    public string OnFailurePrefix { get; set; } = "quarantine/records/";

    /// <summary>The consumer name under which shard checkpoints are kept.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9_.-]{1,64}$")]
    public string ConsumerName { get; set; } = "process";

    /// <summary>How many shards are processed at the same time (0: all of them, as Lambda runs one invocation per shard).</summary>
    [Range(0, 1024)]
    public int MaxConcurrentShards { get; set; }

    /// <summary>
    /// Records per shard between checkpoints. Before each checkpoint the delivery stream is flushed and the round's
    /// raw objects are written (one per partition per shard), so this bounds what a crash makes the mapping read
    /// again and how often staging and raw objects are cut: 50,000 writes about 2.5× fewer raw objects than 20,000.
    /// <see cref="RawRoundSizeInMBs"/> ends a round earlier when its raw records fill that much memory.
    /// </summary>
    [Range(1, 10_000_000)]
    public int CheckpointIntervalRecords { get; set; } = 50_000;

    /// <summary>
    /// The raw records a checkpoint round may hold in memory, over all shards, in MiB (the <see cref="RawArchiveMode.Checkpoint"/>
    /// mode keeps them until the checkpoint): once they reach it, every shard ends its round after its current batch.
    /// This, not <see cref="CheckpointIntervalRecords"/>, bounds the memory when records are large.
    /// </summary>
    [Range(1, 4096)]
    public int RawRoundSizeInMBs { get; set; } = 96;

    /// <summary>How many times a record the delivery stream refuses is put again before it counts as failed.</summary>
    [Range(0, 100)]
    public int DeliveryRetries { get; set; } = 3;
}
