using Amazon.DynamoDBv2;
using Tributary.Aws.Delta;
using Tributary.Configuration;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// Pipeline options on the local AWS servers for Delta tables on S3 committed through a DynamoDB commit table: a new
/// bucket and a new commit table (both created), the clients, and a temp folder as the load's cache.
/// </summary>
internal sealed class S3WithCommitTable : IDisposable
{
    private S3WithCommitTable(TributaryOptions options, AwsClientFactory clients, IAmazonDynamoDB dynamoDb, TempDirectory cache)
    {
        Options = options;
        Clients = clients;
        DynamoDb = dynamoDb;
        Cache = cache;
    }

    public TributaryOptions Options { get; }

    public string CommitTableName => Options.Aws.CommitTableName;

    public AwsClientFactory Clients { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    /// <summary>The load's cache folder (<c>Load:CacheFolder</c>).</summary>
    public TempDirectory Cache { get; }

    public static async Task<S3WithCommitTable> CreateAsync(string cacheName)
    {
        var aws = await LocalAws.OptionsAsync();
        aws.CommitStore = "DynamoDb";
        aws.CommitTableName = LocalAws.UniqueName("delta-log");
        var clients = new AwsClientFactory(aws);
        var cache = new TempDirectory(cacheName);
        var options = new TributaryOptions { Aws = aws };
        options.Storage.ObjectStore.Transport = ObjectStoreTransport.S3;
        options.Storage.ObjectStore.Bucket = LocalAws.UniqueName("bucket");
        options.Load.CacheFolder = cache.Path;
        using (var s3 = clients.CreateS3Client())
        {
            await s3.PutBucketAsync(options.Storage.ObjectStore.Bucket);
        }

        var dynamoDb = clients.CreateDynamoDbClient();
        await DynamoDbCommitStore.EnsureTableAsync(dynamoDb, aws.CommitTableName);
        return new S3WithCommitTable(options, clients, dynamoDb, cache);
    }

    public void Dispose()
    {
        DynamoDb.Dispose();
        Clients.Dispose();
        Cache.Dispose();
    }
}
