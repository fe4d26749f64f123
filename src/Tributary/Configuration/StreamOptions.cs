using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>The record stream: transport, shards, retention and limits (section <c>Stream</c>).</summary>
public sealed class StreamOptions
{
    /// <summary>
    /// The transport: <c>local</c> (the embedded sharded log under <c>_state/stream/</c>) or <c>kinesis</c> (the Kinesis
    /// data stream named <see cref="Name"/>, with shard checkpoints in the DynamoDB table <c>Aws:CheckpointTableName</c>).
    /// </summary>
    [AllowedValues("local", "kinesis")]
    public string Transport { get; set; } = "local";

    /// <summary>The stream's name, used for its folder, in ARNs and in messages.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9_.-]{1,128}$")]
    public string Name { get; set; } = "tributary";

    /// <summary>How many shards the embedded stream has. Kinesis routes each partition key to one of them by MD5 hash range.</summary>
    [Range(1, 1024)]
    public int ShardCount { get; set; } = 4;

    /// <summary>How long records are kept, in hours; older whole segments are deleted (Kinesis: 24 h by default).</summary>
    [Range(1, 8760)]
    public int RetentionHours { get; set; } = 24;

    /// <summary>The largest record accepted, in bytes, partition key included (Kinesis: 1 MiB, up to 10 MiB).</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>The size at which a shard's active segment file is closed and a new one started, in bytes.</summary>
    [Range(64 * 1024, 1L << 32)]
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Whether each put is forced to disk (fsync, once per shard per put) before it is acknowledged. When off, an
    /// acknowledged record still survives the process being killed, but not the machine losing power.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;
}
