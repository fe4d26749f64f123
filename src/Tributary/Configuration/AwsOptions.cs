using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>
/// AWS endpoints, region and resource names used when a port selects an AWS transport (section <c>Aws</c>).
/// Values left empty fall back to the standard AWS environment variables (<c>AWS_REGION</c>,
/// <c>AWS_DEFAULT_REGION</c>, <c>AWS_PROFILE</c>, <c>AWS_ENDPOINT_URL</c>, <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>).
/// Resource names live with their ports: the bucket in <c>Storage:ObjectStore</c>, the stream in <c>Stream:Name</c>,
/// the delivery stream in <c>Deliver:StreamName</c>. Credentials are never configured here: they come from the AWS SDK's default chain (environment, profile,
/// container, instance).
/// </summary>
public sealed class AwsOptions
{
    /// <summary>The AWS region, for example <c>eu-west-1</c>. Empty: <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then <c>us-east-1</c>.</summary>
    public string? Region { get; set; }

    /// <summary>A named profile of the shared AWS config and credentials files. Empty: <c>AWS_PROFILE</c> or the default chain.</summary>
    public string? Profile { get; set; }

    /// <summary>One endpoint URL for every service (a local AWS-API server, for example). Empty: <c>AWS_ENDPOINT_URL</c> or the public endpoints.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>The S3 endpoint URL; overrides <see cref="EndpointUrl"/> and <c>AWS_ENDPOINT_URL_S3</c>.</summary>
    public string? S3EndpointUrl { get; set; }

    /// <summary>The Kinesis Data Streams endpoint URL; overrides <see cref="EndpointUrl"/> and <c>AWS_ENDPOINT_URL_KINESIS</c>.</summary>
    public string? KinesisEndpointUrl { get; set; }

    /// <summary>The Firehose endpoint URL; overrides <see cref="EndpointUrl"/> and <c>AWS_ENDPOINT_URL_FIREHOSE</c>.</summary>
    public string? FirehoseEndpointUrl { get; set; }

    /// <summary>The DynamoDB endpoint URL; overrides <see cref="EndpointUrl"/> and <c>AWS_ENDPOINT_URL_DYNAMODB</c>.</summary>
    public string? DynamoDbEndpointUrl { get; set; }

    /// <summary>The CloudWatch endpoint URL; overrides <see cref="EndpointUrl"/> and <c>AWS_ENDPOINT_URL_CLOUDWATCH</c>.</summary>
    public string? CloudWatchEndpointUrl { get; set; }

    /// <summary>Address S3 buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c> (needed by most local S3 servers).</summary>
    public bool S3ForcePathStyle { get; set; }





    /// <summary>The DynamoDB table that holds shard checkpoints (hash key <c>consumer</c>, range key <c>shardId</c>).</summary>
    public string CheckpointTableName { get; set; } = "tributary-checkpoints";

    /// <summary>How Delta commits are arbitrated on S3: <c>S3ConditionalWrite</c> (If-None-Match) or <c>DynamoDb</c> (Spark's S3DynamoDBLogStore table).</summary>
    [AllowedValues("S3ConditionalWrite", "DynamoDb")]
    public string CommitStore { get; set; } = "S3ConditionalWrite";

    /// <summary>
    /// The scheme of table paths in the DynamoDB commit table's hash key (<c>s3a://bucket/key</c>): it must match how
    /// other writers (Spark) spell the table, or they would not see each other's entries.
    /// </summary>
    [AllowedValues("s3a", "s3")]
    public string CommitTablePathScheme { get; set; } = "s3a";

    /// <summary>The DynamoDB commit table shared with Spark's S3DynamoDBLogStore (its default name is <c>delta_log</c>).</summary>
    public string CommitTableName { get; set; } = "delta_log";

    /// <summary>Seconds a completed commit entry is kept in the commit table before DynamoDB TTL removes it.</summary>
    [Range(3600, 31_536_000)]
    public long CommitEntryTtlSeconds { get; set; } = 86_400;

    /// <summary>
    /// The DynamoDB table the extract Lambda function keeps its ledger in: one item per source object version (hash
    /// key <c>id</c>), claimed with a conditional write so each version is extracted once.
    /// </summary>
    public string LedgerTableName { get; set; } = "tributary-ledger";

    /// <summary>
    /// Seconds an extract Lambda invocation holds its claim on a source object without renewing it; a crashed
    /// invocation's object can be taken over by a retry this long after its last renewal (renewed every third of it).
    /// </summary>
    [Range(2, 3600)]
    public int ExtractLeaseSeconds { get; set; } = 60;

    /// <summary>How many times a request is retried after throttling, a 5xx or a network failure.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 8;

    /// <summary>The first retry delay in milliseconds; later ones double (with jitter) up to <see cref="MaxRetryDelayMilliseconds"/>.</summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 50;

    /// <summary>The longest delay between two retries, in milliseconds.</summary>
    [Range(1, 300_000)]
    public int MaxRetryDelayMilliseconds { get; set; } = 5_000;

    /// <summary>The part size, in MiB, of multipart uploads to S3; objects smaller than this are written with one PutObject.</summary>
    [Range(5, 512)]
    public int MultipartPartSizeMiB { get; set; } = 8;
}
