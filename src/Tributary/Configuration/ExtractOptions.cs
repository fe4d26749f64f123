using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>How source files are discovered and split into records (section <c>Extract</c>).</summary>
public sealed class ExtractOptions
{
    /// <summary>The object-store prefix listed for source files.</summary>
    [Required]
    public string SourcePrefix { get; set; } = "source/";

    /// <summary>
    /// The dotted field path whose value is each record's partition key (for the retail pipeline,
    /// <c>RetailTxnData.StoreNo</c>, which keeps each store's records in order on one shard). Empty: a random key per
    /// record, spreading records evenly. A record without the field gets a random key.
    /// </summary>
    public string PartitionKeyPath { get; set; } = "RetailTxnData.StoreNo";

    /// <summary>The deepest nesting accepted in a source file; deeper files are quarantined (protects every later stage).</summary>
    [Range(2, 10_000)]
    public int MaxDepth { get; set; } = 256;

    /// <summary>Records per put to the stream (Kinesis PutRecords allows at most 500).</summary>
    [Range(1, 500)]
    public int RecordsPerPut { get; set; } = 500;

    /// <summary>
    /// How many puts extract keeps in flight while it splits the next batch, on the embedded stream (which places a
    /// put's records before it returns, so order per shard holds). Its group commit syncs, in each round, what every
    /// put made during the round before wrote, so more puts in flight make fewer, larger syncs; each costs a put batch
    /// of memory (about 2 MiB). Other streams (Kinesis) get one put in flight at a time, so that records keep their
    /// source order per shard.
    /// </summary>
    [Range(1, 64)]
    public int PutsInFlight { get; set; } = 32;

    /// <summary>How many times the failed entries of a put are retried (with backoff) before the run fails.</summary>
    [Range(0, 100)]
    public int PutRetries { get; set; } = 8;

    /// <summary>Where unreadable source files are copied, each with a <c>.reason.json</c> beside it.</summary>
    [Required]
    public string QuarantinePrefix { get; set; } = "quarantine/files/";

    /// <summary>Where records that cannot be put on the stream (too large) are reported.</summary>
    [Required]
    public string RecordQuarantinePrefix { get; set; } = "quarantine/records/extract/";

    /// <summary>
    /// After a crash, extract reads each shard to its tip to find records an interrupted run put but did not record.
    /// Kinesis may answer empty pages before the tip (a stretch of the shard without records); this many in a row
    /// without reaching the tip fail the run instead of risking putting records twice.
    /// </summary>
    [Range(1, 100_000)]
    public int RecoveryMaxEmptyReads { get; set; } = 1000;
}
