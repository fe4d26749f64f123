using Tributary.Aws.Delta;
using Tributary.Aws.Kinesis;
using Tributary.Configuration;
using Tributary.Storage;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// The AWS resources a deployment's template would create for one pipeline, on the local servers: a bucket, a
/// Kinesis stream, the checkpoint table and the Delta commit table; and a <c>tributary.json</c> that selects them.
/// </summary>
internal sealed record AwsPipeline(AwsOptions Aws, string Bucket, string StreamName, string CheckpointTable, string CommitTable)
{
    /// <summary>The key prefix in the bucket under which the data folders live.</summary>
    public const string Prefix = "retail/";

    /// <summary>Creates the resources; <paramref name="serial"/> puts them on the moto that decides conditions atomically.</summary>
    public static async Task<AwsPipeline> CreateAsync(int shards = 2, bool serial = false)
    {
        var aws = await LocalAws.OptionsAsync(kinesis: true, serial: serial);
        var pipeline = new AwsPipeline(aws, LocalAws.UniqueName("run"), LocalAws.UniqueName("stream"), LocalAws.UniqueName("checkpoints"), LocalAws.UniqueName("delta_log"));
        using var factory = new AwsClientFactory(aws);
        using var s3 = factory.CreateS3Client();
        await s3.PutBucketAsync(pipeline.Bucket);
        using var dynamoDb = factory.CreateDynamoDbClient();
        await DynamoDbCommitStore.EnsureTableAsync(dynamoDb, pipeline.CommitTable);
        await new DynamoDbShardCheckpointStore(dynamoDb, pipeline.CheckpointTable).EnsureTableAsync();
        var kinesis = factory.CreateKinesisClient();
        await kinesis.CreateStreamAsync(pipeline.StreamName, shards);
        await kinesis.WaitForActiveAsync(pipeline.StreamName, TimeSpan.FromSeconds(30));
        return pipeline;
    }

    /// <summary>
    /// The configuration of a run on these resources (S3 store, Kinesis stream, DynamoDB commit store), with
    /// <paramref name="moreSections"/> (JSON members, without braces) appended.
    /// </summary>
    public string Configuration(string dataRoot, string moreSections = "", string? bucket = null) => $$"""
        {
          "Storage": { "DataRoot": "{{dataRoot}}", "ObjectStore": { "Transport": "s3", "Bucket": "{{bucket ?? Bucket}}", "Prefix": "{{Prefix}}" } },
          "Aws": {
            "EndpointUrl": "{{Aws.EndpointUrl}}", "KinesisEndpointUrl": "{{Aws.KinesisEndpointUrl}}", "S3ForcePathStyle": true,
            "MaxRetries": 4, "RetryBaseDelayMilliseconds": 10, "MaxRetryDelayMilliseconds": 200,
            "CheckpointTableName": "{{CheckpointTable}}", "CommitStore": "DynamoDb", "CommitTableName": "{{CommitTable}}"
          }{{(moreSections.Length == 0 ? "" : ",\n" + moreSections)}}
        }
        """;

    /// <summary>Copies every object under <c>source/</c> of a local data root to the bucket.</summary>
    public async Task UploadSourceAsync(string dataRoot)
    {
        using var factory = new AwsClientFactory(Aws);
        using var s3 = factory.CreateS3Client();
        var remote = factory.CreateObjectStore(Bucket, Prefix, s3);
        var local = new LocalObjectStore(dataRoot);
        await foreach (var item in local.ListAsync("source/"))
        {
            await using var read = await local.OpenReadAsync(item.Key);
            await using var write = await remote.CreateAsync(item.Key);
            await read.CopyToAsync(write);
        }
    }

    /// <summary>Copies every object under <paramref name="keyPrefix"/> in the bucket to a local folder.</summary>
    public async Task DownloadAsync(string keyPrefix, string target)
    {
        using var factory = new AwsClientFactory(Aws);
        using var s3 = factory.CreateS3Client();
        var remote = factory.CreateObjectStore(Bucket, Prefix, s3);
        var local = new LocalObjectStore(target);
        await foreach (var item in remote.ListAsync(keyPrefix))
        {
            await using var read = await remote.OpenReadAsync(item.Key);
            await using var write = await local.CreateAsync(item.Key);
            await read.CopyToAsync(write);
        }
    }
}
