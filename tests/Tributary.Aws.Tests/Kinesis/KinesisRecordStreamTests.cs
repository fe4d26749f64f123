using System.Text;
using Tributary.Aws.Kinesis;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Ports;

namespace Tributary.Aws.Tests.Kinesis;

public sealed class KinesisRecordStreamTests
{
    private static async Task<(AwsClientFactory Factory, KinesisRecordStream Stream)> CreateStreamAsync(int shards, HttpMessageHandler? handler = null)
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        var factory = new AwsClientFactory(options, null, handler);
        var name = LocalAws.UniqueName("stream");
        var client = factory.CreateKinesisClient();
        await client.CreateStreamAsync(name, shards);
        await client.WaitForActiveAsync(name, TimeSpan.FromSeconds(30));
        return (factory, factory.CreateRecordStream(name));
    }

    private static async Task<List<StreamRecord>> ReadAllAsync(IRecordStream stream)
    {
        var all = new List<StreamRecord>();
        foreach (var shard in await stream.ListShardsAsync())
        {
            string? after = null;
            while (true)
            {
                var page = await stream.GetRecordsAsync(shard, after, 400);
                if (page.Records.Count == 0)
                {
                    break;
                }

                all.AddRange(page.Records);
                after = page.Records[^1].SequenceNumber;
            }
        }

        return all;
    }

    private static List<PutRecordEntry> Entries(int count) =>
        Enumerable.Range(0, count).Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"key-{i % 37}")).ToList();

    [SkippableFact]
    public async Task PutRecordsThenGetRecords_ReturnsEveryRecordOnceInShardOrder()
    {
        var (factory, stream) = await CreateStreamAsync(shards: 3);
        using var _ = factory;

        // 1,200 entries: more than one PutRecords call may carry, so the adapter must split them.
        var result = await stream.PutRecordsAsync(Entries(1200));

        Assert.Equal(0, result.FailedRecordCount);
        Assert.Equal(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"], await stream.ListShardsAsync());
        var read = await ReadAllAsync(stream);
        Assert.Equal(1200, read.Count);
        Assert.Equal(
            Enumerable.Range(0, 1200).Select(i => $"{{\"n\":{i}}}").Order(StringComparer.Ordinal),
            read.Select(r => Encoding.UTF8.GetString(r.Data.Span)).Order(StringComparer.Ordinal));
        foreach (var shard in read.GroupBy(r => r.ShardId))
        {
            var sequence = shard.Select(r => System.Numerics.BigInteger.Parse(r.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }

        // A record's put result names the shard and sequence number it was read back with.
        var first = result.Records[0];
        var readFirst = read.Single(r => Encoding.UTF8.GetString(r.Data.Span) == "{\"n\":0}");
        Assert.Equal(first.ShardId, readFirst.ShardId);
        Assert.Equal(first.SequenceNumber, readFirst.SequenceNumber);
        Assert.Equal("key-0", readFirst.PartitionKey);
        Assert.True(readFirst.ApproximateArrivalTimestamp > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [SkippableFact]
    public async Task PartialFailures_AreRetriedUntilEveryRecordIsAccepted()
    {
        // The first three PutRecords calls each reject half of their entries.
        var handler = new PartialFailureHandler("Kinesis_20131202.PutRecords", "Records", "Records", "FailedRecordCount", callsToFail: 3);
        var (factory, stream) = await CreateStreamAsync(shards: 2, handler);
        using var _ = factory;

        var result = await stream.PutRecordsAsync(Entries(300));

        Assert.Equal(0, result.FailedRecordCount);
        Assert.Equal(150 + 75 + 38, handler.EntriesFailed);
        Assert.Equal(4, handler.Calls);
        var read = await ReadAllAsync(stream);
        Assert.Equal(
            Enumerable.Range(0, 300).Select(i => $"{{\"n\":{i}}}").Order(StringComparer.Ordinal),
            read.Select(r => Encoding.UTF8.GetString(r.Data.Span)).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task GetRecords_AfterTheLastRecord_ContinuesWithLaterPuts()
    {
        var (factory, stream) = await CreateStreamAsync(shards: 1);
        using var _ = factory;
        await stream.PutRecordsAsync(Entries(5));
        var first = await stream.GetRecordsAsync("shardId-000000000000", null, 100);
        Assert.Equal(5, first.Records.Count);

        await stream.PutRecordsAsync([new PutRecordEntry("{\"late\":true}"u8.ToArray(), "k")]);
        var second = await stream.GetRecordsAsync("shardId-000000000000", first.Records[^1].SequenceNumber, 100);

        Assert.Equal("{\"late\":true}", Encoding.UTF8.GetString(Assert.Single(second.Records).Data.Span));
    }

    [SkippableFact]
    public async Task MissingStream_FailsNamingServiceOperationAndCode()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        using var factory = new AwsClientFactory(options);
        var stream = factory.CreateRecordStream("no-such-stream");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stream.ListShardsAsync());

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Contains("kinesis ListShards failed (HTTP 400 ResourceNotFoundException)", error.Message, StringComparison.Ordinal);
    }
}
