using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Tributary.Aws.Firehose;
using Tributary.Aws.Tests.Fixtures;

namespace Tributary.Aws.Tests.Firehose;

public sealed class FirehoseDeliveryStreamTests
{
    private static async Task<(AwsClientFactory Factory, FirehoseDeliveryStream Stream, IAmazonS3 S3, string Bucket)> CreateAsync(HttpMessageHandler? handler = null)
    {
        var options = await LocalAws.OptionsAsync();
        var factory = new AwsClientFactory(options, null, handler);
        var s3 = factory.CreateS3Client();
        var bucket = LocalAws.UniqueName("bucket");
        await s3.PutBucketAsync(bucket);
        var name = LocalAws.UniqueName("delivery");
        var client = factory.CreateFirehoseClient();
        await client.CreateS3DeliveryStreamAsync(name, bucket, "staging/", "errors/", "arn:aws:iam::123456789012:role/firehose", 1, 60);
        Assert.Equal("ACTIVE", await client.DescribeDeliveryStreamStatusAsync(name));
        return (factory, factory.CreateDeliveryStream(name), s3, bucket);
    }

    private static List<ReadOnlyMemory<byte>> Records(int count) =>
        Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"n\":{i}}}\n")).ToList();

    private static async Task<List<string>> LinesUnderAsync(IAmazonS3 s3, string bucket, string prefix)
    {
        var lines = new List<string>();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        foreach (var item in listing.S3Objects ?? [])
        {
            using var response = await s3.GetObjectAsync(bucket, item.Key);
            using var reader = new StreamReader(response.ResponseStream);
            lines.AddRange((await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return lines;
    }

    [SkippableFact]
    public async Task PutRecordBatch_RecordsLandInS3UnderThePrefix()
    {
        var (factory, stream, s3, bucket) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;

        // 1,200 records: more than one PutRecordBatch call may carry.
        var results = await stream.PutRecordBatchAsync(Records(1200));

        Assert.All(results, Assert.Null);
        var lines = await LinesUnderAsync(s3, bucket, "staging/");
        Assert.Equal(
            Enumerable.Range(0, 1200).Select(i => $"{{\"n\":{i}}}").Order(StringComparer.Ordinal),
            lines.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task PartialFailures_AreRetriedUntilEveryRecordIsDelivered()
    {
        var handler = new PartialFailureHandler("Firehose_20150804.PutRecordBatch", "Records", "RequestResponses", "FailedPutCount", callsToFail: 2);
        var (factory, stream, s3, bucket) = await CreateAsync(handler);
        using var _ = factory;
        using var __ = s3;

        var results = await stream.PutRecordBatchAsync(Records(100));

        Assert.All(results, Assert.Null);
        Assert.Equal(50 + 25, handler.EntriesFailed);
        var lines = await LinesUnderAsync(s3, bucket, "staging/");
        Assert.Equal(
            Enumerable.Range(0, 100).Select(i => $"{{\"n\":{i}}}").Order(StringComparer.Ordinal),
            lines.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task OversizedRecord_IsReportedAndTheOthersDelivered()
    {
        var (factory, stream, s3, bucket) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;
        var records = Records(2);
        records.Insert(1, new byte[FirehoseDeliveryStream.MaxRecordBytes + 1]);

        var results = await stream.PutRecordBatchAsync(records);

        Assert.Null(results[0]);
        Assert.StartsWith("RecordTooLarge: record 1 is 1024001 bytes", results[1], StringComparison.Ordinal);
        Assert.Null(results[2]);
        Assert.Equal(2, (await LinesUnderAsync(s3, bucket, "staging/")).Count);
    }
}
