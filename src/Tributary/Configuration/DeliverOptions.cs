using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>The delivery stream: transport, buffering hints, retries and staging layout (section <c>Deliver</c>).</summary>
public sealed class DeliverOptions
{
    /// <summary>
    /// The transport: <c>local</c> (the embedded Firehose, which transforms and writes staging through the configured
    /// object store) or <c>firehose</c> (put records to the Kinesis Data Firehose delivery stream <see cref="StreamName"/>,
    /// which transforms and stages them itself; needs the <c>s3</c> object store).
    /// </summary>
    [AllowedValues("local", "firehose")]
    public string Transport { get; set; } = "local";

    /// <summary>The delivery stream's name, the first part of every staging object name. Default <c>tributary</c>.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9_.-]{1,64}$")]
    public string StreamName { get; set; } = "tributary";

    /// <summary>
    /// The delivery stream's version, the second part of staging object names (Firehose starts at 1 and adds one at
    /// every configuration change). Default 1.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int StreamVersion { get; set; } = 1;

    /// <summary>Buffering hint: deliver when this many MiB of records are buffered. 1–128, default 5 (as Firehose).</summary>
    [Range(1, 128)]
    public int BufferSizeInMBs { get; set; } = 5;

    /// <summary>
    /// Buffering hint: deliver when the oldest buffered record is this many seconds old; 0 delivers at once, without
    /// buffering. 0–900, default 300 (as Firehose).
    /// </summary>
    [Range(0, 900)]
    public int BufferIntervalInSeconds { get; set; } = 300;

    /// <summary>
    /// The most record data, in MiB, sent to one transform invocation (Firehose's processor <c>BufferSizeInMBs</c>).
    /// 0.2–3, default 1.
    /// </summary>
    [Range(0.2, 3.0)]
    public double ProcessorBufferSizeInMBs { get; set; } = 1.0;

    /// <summary>How many times a failed transform invocation is retried (processor <c>NumberOfRetries</c>). 0–300, default 3.</summary>
    [Range(0, 300)]
    public int NumberOfRetries { get; set; } = 3;

    /// <summary>
    /// How long, in seconds, a failed transform invocation keeps being retried; after that (or after
    /// <see cref="NumberOfRetries"/>) its records go to the error prefix. 0–7200, default 300.
    /// </summary>
    [Range(0, 7200)]
    public int RetryDurationInSeconds { get; set; } = 300;

    /// <summary>The pause before the first retry, in milliseconds; it doubles at each retry (up to 30 s). 0–60000, default 1000.</summary>
    [Range(0, 60_000)]
    public int RetryBackoffMilliseconds { get; set; } = 1000;

    /// <summary>Where staged Parquet batches are written; followed by <c>YYYY/MM/DD/HH/</c>. Default <c>staging/</c>.</summary>
    [Required]
    public string StagingPrefix { get; set; } = "staging/";

    /// <summary>Where records that failed processing are written (Firehose's <c>ErrorOutputPrefix</c>). Default <c>processing-failed/</c>.</summary>
    [Required]
    public string ErrorOutputPrefix { get; set; } = "processing-failed/";
}
