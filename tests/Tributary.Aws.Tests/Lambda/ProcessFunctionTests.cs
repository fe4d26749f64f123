using System.Text;
using System.Text.Json;
using Tributary.Aws.Lambda;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;

namespace Tributary.Aws.Tests.Lambda;

public sealed class ProcessFunctionTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string KinesisEvent(params (string Sequence, string Data)[] records) =>
        JsonSerializer.Serialize(new
        {
            Records = records.Select(r => new
            {
                kinesis = new
                {
                    kinesisSchemaVersion = "1.0",
                    partitionKey = "EU/7",
                    sequenceNumber = r.Sequence,
                    data = r.Data,
                    approximateArrivalTimestamp = 1732700000.5,
                },
                eventSource = "aws:kinesis",
                eventVersion = "1.0",
                eventID = "shardId-000000000001:" + r.Sequence,
                eventName = "aws:kinesis:record",
                invokeIdentityArn = "arn:aws:iam::123456789012:role/process",
                awsRegion = "us-east-1",
                eventSourceARN = "arn:aws:kinesis:us-east-1:123456789012:stream/tributary",
            }),
        });

    [SkippableFact]
    public async Task KinesisEvent_ArchivesRawForwardsToFirehoseAndReportsTheBadRecord()
    {
        var aws = await LocalAws.OptionsAsync();
        using var clients = new AwsClientFactory(aws);
        using var s3 = clients.CreateS3Client();
        var bucket = LocalAws.UniqueName("bucket");
        await s3.PutBucketAsync(bucket);
        var delivery = LocalAws.UniqueName("delivery");
        await clients.CreateFirehoseClient().CreateS3DeliveryStreamAsync(delivery, bucket, "staging/", "errors/", "arn:aws:iam::123456789012:role/firehose");
        var options = new TributaryOptions { Aws = aws };
        options.Storage.ObjectStore.Transport = ObjectStoreTransport.S3;
        options.Storage.ObjectStore.Bucket = bucket;
        options.Deliver.StreamName = delivery;
        var metrics = new StringWriter();
        var function = new ProcessFunction(new LambdaContext(options, clients, new EmfWriter(metrics, "Tributary")));

        var input = KinesisEvent(
            ("49590000000000000000000000000000000000000000000000000001", Base64("""{"tributary":1,"source":"source/a.json","index":0,"record":{"RetailTxnData":{"Region":"EU","StoreNo":7,"InvoiceNo":"I1"}}}""")),
            ("49590000000000000000000000000000000000000000000000000002", Base64("not json at all")),
            ("49590000000000000000000000000000000000000000000000000003", Base64("""{"tributary":1,"source":"source/a.json","index":1,"record":{"RetailTxnData":{"Region":"EU","StoreNo":7,"InvoiceNo":"I2"}}}""")));
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)));

        using var response = await JsonDocument.ParseAsync(output);
        var failure = Assert.Single(response.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal("49590000000000000000000000000000000000000000000000000002", failure.GetProperty("itemIdentifier").GetString());

        var store = clients.CreateObjectStore(bucket, "", s3);
        var raw = new List<string>();
        await foreach (var item in store.ListAsync("raw/"))
        {
            raw.Add(item.Key);
        }

        Assert.NotEmpty(raw);
        Assert.All(raw, key => Assert.StartsWith("raw/Region=EU/StoreNo=7/", key, StringComparison.Ordinal));

        var staged = new StringBuilder();
        await foreach (var item in store.ListAsync("staging/"))
        {
            await using var stream = await store.OpenReadAsync(item.Key);
            staged.Append(await new StreamReader(stream).ReadToEndAsync());
        }

        Assert.Contains("\"InvoiceNo\":\"I1\"", staged.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"InvoiceNo\":\"I2\"", staged.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"shard\":\"shardId-000000000001\"", staged.ToString(), StringComparison.Ordinal);

        using var emf = JsonDocument.Parse(metrics.ToString().Trim());
        Assert.Equal("process", emf.RootElement.GetProperty("Stage").GetString());
        Assert.Equal(3, emf.RootElement.GetProperty("RecordsIn").GetDouble());
        Assert.Equal(2, emf.RootElement.GetProperty("RecordsOut").GetDouble());
        Assert.Equal(1, emf.RootElement.GetProperty("RecordsFailed").GetDouble());
        Assert.True(emf.RootElement.GetProperty("BatchAge").GetDouble() > 0);
    }
}
