using System.Text;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Records;
using Tributary.Runtime;

namespace Tributary.Aws.Tests.Integration;

/// <summary>
/// The embedded event-source mapping and process stage, unchanged, on the AWS adapters: Kinesis (kinesalite) in,
/// checkpoints in DynamoDB, raw objects in S3, records through Firehose into S3 (moto).
/// </summary>
public sealed class ProcessOnAwsTests
{
    [SkippableFact]
    public async Task EventSourceMapping_DrainsKinesisThroughProcessIntoS3AndFirehose_AndCheckpointsInDynamoDb()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        options.CheckpointTableName = LocalAws.UniqueName("checkpoints");
        using var clients = new AwsClientFactory(options);
        using var s3 = clients.CreateS3Client();
        var bucket = LocalAws.UniqueName("bucket");
        await s3.PutBucketAsync(bucket);
        var store = clients.CreateObjectStore(bucket, "", s3);
        var deliveryName = LocalAws.UniqueName("delivery");
        await clients.CreateFirehoseClient().CreateS3DeliveryStreamAsync(deliveryName, bucket, "staging/", "errors/", "arn:aws:iam::123456789012:role/firehose");
        var kinesis = clients.CreateKinesisClient();
        var streamName = LocalAws.UniqueName("stream");
        await kinesis.CreateStreamAsync(streamName, 2);
        await kinesis.WaitForActiveAsync(streamName, TimeSpan.FromSeconds(30));
        var stream = clients.CreateRecordStream(streamName);
        var checkpoints = clients.CreateShardCheckpointStore();
        await checkpoints.EnsureTableAsync();

        var entries = Enumerable.Range(0, 150).Select(i => new PutRecordEntry(
            new RecordEnvelope("source/a.json", i, null, null, null, Encoding.UTF8.GetBytes($$$"""{"RetailTxnData":{"Region":"EU","StoreNo":{{{i % 4}}},"InvoiceNo":"I{{{i}}}"}}""")).ToArray(),
            $"EU/{i % 4}")).ToList();
        Assert.Equal(0, (await stream.PutRecordsAsync(entries)).FailedRecordCount);

        var processOptions = new ProcessOptions { BatchSize = 40 };
        var handler = new ProcessHandler(store, clients.CreateDeliveryStream(deliveryName), processOptions);
        var mapping = new LocalEventSourceMapping(stream, checkpoints, handler.HandleAsync, store, processOptions, "us-east-1");

        var summary = await mapping.DrainAsync();

        Assert.Equal(150, summary.Records);
        Assert.Empty(summary.QuarantinedRecords);
        var staged = new StringBuilder();
        await foreach (var item in store.ListAsync("staging/"))
        {
            await using var body = await store.OpenReadAsync(item.Key);
            staged.Append(await new StreamReader(body).ReadToEndAsync());
        }

        for (var i = 0; i < 150; i++)
        {
            Assert.Contains($"\"InvoiceNo\":\"I{i}\"", staged.ToString(), StringComparison.Ordinal);
        }

        // Each shard's checkpoint is its last sequence number, so a second drain reads nothing.
        foreach (var shard in await stream.ListShardsAsync())
        {
            Assert.NotNull(await checkpoints.GetAsync(processOptions.ConsumerName, shard));
        }

        var again = await new LocalEventSourceMapping(stream, checkpoints, handler.HandleAsync, store, processOptions, "us-east-1").DrainAsync();
        Assert.Equal(0, again.Records);
    }
}
