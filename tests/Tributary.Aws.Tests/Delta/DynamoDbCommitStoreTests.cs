using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Tributary.Aws.Delta;
using Tributary.Aws.Storage;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Delta;

namespace Tributary.Aws.Tests.Delta;

public sealed class DynamoDbCommitStoreTests
{
    private sealed record Setup(AwsClientFactory Factory, IAmazonS3 S3, IAmazonDynamoDB DynamoDb, S3ObjectStore Store, string Bucket, string Table) : IDisposable
    {
        public string TablePath => $"s3a://{Bucket}/final/curated";

        public DynamoDbCommitStore CreateCommitStore() => new(DynamoDb, Table, TablePath, Store, "final/curated");

        public async Task<string?> ReadAsync(string key)
        {
            if (await Store.GetInfoAsync(key) is null)
            {
                return null;
            }

            await using var stream = await Store.OpenReadAsync(key);
            return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        }

        /// <summary>
        /// What a Spark (or Tributary) writer leaves when it dies between PREPARE and COMMIT of version 1: its temp
        /// file under <c>_delta_log/.tmp/</c> and an incomplete entry naming it.
        /// </summary>
        public Task LeaveIncompleteVersion1Async(string tempPath, string content) =>
            IncompleteCommit.LeaveAsync(Store, DynamoDb, Table, TablePath, "final/curated", "00000000000000000001.json", tempPath, content);

        public async Task<Dictionary<string, AttributeValue>> EntryAsync(string fileName) =>
            (await DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = Table,
                Key = new() { ["tablePath"] = new() { S = TablePath }, ["fileName"] = new() { S = fileName } },
                ConsistentRead = true,
            })).Item;

        public void Dispose()
        {
            S3.Dispose();
            DynamoDb.Dispose();
            Factory.Dispose();
        }
    }

    private static async Task<Setup> CreateAsync(bool serial = false)
    {
        var options = await LocalAws.OptionsAsync(serial: serial);
        var bucket = LocalAws.UniqueName("bucket");
        var factory = new AwsClientFactory(options);
        var s3 = factory.CreateS3Client();
        await s3.PutBucketAsync(bucket);
        var dynamoDb = factory.CreateDynamoDbClient();
        var table = LocalAws.UniqueName("delta_log");
        await DynamoDbCommitStore.EnsureTableAsync(dynamoDb, table);
        return new Setup(factory, s3, dynamoDb, new S3ObjectStore(s3, bucket), bucket, table);
    }

    [SkippableFact]
    public async Task TryCommit_WritesTheFileAndACompleteEntryInSparksShape()
    {
        using var setup = await CreateAsync();
        var store = setup.CreateCommitStore();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.True(await store.TryCommitAsync(0, "v0\n"u8.ToArray()));
        Assert.False(await store.TryCommitAsync(0, "other\n"u8.ToArray()));

        Assert.Equal("v0\n", await setup.ReadAsync("final/curated/_delta_log/00000000000000000000.json"));
        var entry = await setup.EntryAsync("00000000000000000000.json");
        Assert.Equal("true", entry["complete"].S);
        Assert.StartsWith(".tmp/00000000000000000000.json.", entry["tempPath"].S, StringComparison.Ordinal);
        var expire = long.Parse(entry["expireTime"].N, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expire, before + 86_400 - 5, before + 86_400 + 120);
        // The temp file stays (Spark's protocol may need it for recovery until the entry expires).
        Assert.Equal("v0\n", await setup.ReadAsync("final/curated/_delta_log/" + entry["tempPath"].S));
    }

    [SkippableFact]
    public async Task TryCommit_WithoutThePreviousVersion_FailsNamingIt()
    {
        using var setup = await CreateAsync();

        var error = await Assert.ThrowsAsync<IOException>(() => setup.CreateCommitStore().TryCommitAsync(3, "x\n"u8.ToArray()));

        Assert.Contains("_delta_log/00000000000000000002.json does not exist", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task WriterThatCrashedAfterClaimingAVersion_IsFinishedByRecoveryAndByTheNextWriter()
    {
        using var setup = await CreateAsync();
        var store = setup.CreateCommitStore();
        Assert.True(await store.TryCommitAsync(0, "v0\n"u8.ToArray()));

        await setup.LeaveIncompleteVersion1Async(".tmp/00000000000000000001.json.7d5a1c1e-0000-4000-8000-000000000001", "v1 from the crashed writer\n");

        // Another writer loses version 1 (it was decided) ...
        Assert.False(await setup.CreateCommitStore().TryCommitAsync(1, "v1 from the second writer\n"u8.ToArray()));
        Assert.Null(await setup.ReadAsync("final/curated/_delta_log/00000000000000000001.json"));

        // ... and a reader's recovery publishes the decided commit.
        await setup.CreateCommitStore().RecoverAsync();
        Assert.Equal("v1 from the crashed writer\n", await setup.ReadAsync("final/curated/_delta_log/00000000000000000001.json"));
        var entry = await setup.EntryAsync("00000000000000000001.json");
        Assert.Equal("true", entry["complete"].S);
        Assert.True(entry.ContainsKey("expireTime"));
    }

    [SkippableFact]
    public async Task NextWriter_FinishesTheIncompletePreviousVersionBeforeCommitting()
    {
        using var setup = await CreateAsync();
        Assert.True(await setup.CreateCommitStore().TryCommitAsync(0, "v0\n"u8.ToArray()));
        await setup.LeaveIncompleteVersion1Async(".tmp/00000000000000000001.json.crashed", "v1\n");

        Assert.True(await setup.CreateCommitStore().TryCommitAsync(2, "v2\n"u8.ToArray()));

        Assert.Equal("v1\n", await setup.ReadAsync("final/curated/_delta_log/00000000000000000001.json"));
        Assert.Equal("v2\n", await setup.ReadAsync("final/curated/_delta_log/00000000000000000002.json"));
    }

    [SkippableFact]
    public async Task TwoIndependentWriters_RacingInParallel_NoCommitLostOrOverwritten()
    {
        using var setup = await CreateAsync(serial: true);
        // The second writer shares nothing with the first but the servers: its own factory, HTTP pool and clients.
        using var factoryB = new AwsClientFactory(setup.Factory.Options);
        using var s3B = factoryB.CreateS3Client();
        using var dynamoDbB = factoryB.CreateDynamoDbClient();
        var writers = new Dictionary<string, ICommitStore>
        {
            ["A"] = setup.CreateCommitStore(),
            ["B"] = new DynamoDbCommitStore(dynamoDbB, setup.Table, setup.TablePath, new S3ObjectStore(s3B, setup.Bucket), "final/curated"),
        };

        var wins = await CommitStoreRace.RunAsync(writers, commitsEach: 8);

        Assert.Equal(Enumerable.Range(0, 16).Select(v => (long)v), wins.Keys.Order());
        foreach (var (version, writer) in wins)
        {
            Assert.Equal(CommitStoreRace.Payload(writer, version), await setup.ReadAsync($"final/curated/_delta_log/{version:D20}.json"));
            Assert.Equal("true", (await setup.EntryAsync($"{version:D20}.json"))["complete"].S);
        }
    }
}
