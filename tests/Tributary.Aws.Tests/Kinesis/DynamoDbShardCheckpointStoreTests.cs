using Tributary.Aws.Tests.Fixtures;

namespace Tributary.Aws.Tests.Kinesis;

public sealed class DynamoDbShardCheckpointStoreTests
{
    [SkippableFact]
    public async Task SetThenGet_ReturnsTheLatestCheckpointPerConsumerAndShard()
    {
        var options = await LocalAws.OptionsAsync();
        options.CheckpointTableName = LocalAws.UniqueName("checkpoints");
        using var factory = new AwsClientFactory(options);
        var store = factory.CreateShardCheckpointStore();
        await store.EnsureTableAsync();

        Assert.Null(await store.GetAsync("process", "shardId-000000000000"));
        await store.SetAsync("process", "shardId-000000000000", "4959000000000000001");
        await store.SetAsync("process", "shardId-000000000000", "4959000000000000042");
        await store.SetAsync("process", "shardId-000000000001", "4959000000000000007");
        await store.SetAsync("other", "shardId-000000000000", "1");

        // A second store (another process) sees the same checkpoints.
        var reopened = factory.CreateShardCheckpointStore();
        Assert.Equal("4959000000000000042", await reopened.GetAsync("process", "shardId-000000000000"));
        Assert.Equal("4959000000000000007", await reopened.GetAsync("process", "shardId-000000000001"));
        Assert.Equal("1", await reopened.GetAsync("other", "shardId-000000000000"));
    }
}
