using Amazon.S3;
using Amazon.S3.Model;
using Tributary.Aws.Storage;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Storage;

namespace Tributary.Aws.Tests.Storage;

/// <summary>A write to S3 that fails part-way publishes nothing and leaves no multipart upload behind.</summary>
public sealed class AbandonedWriteTests
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long), new StructField("region", PrimitiveType.String)]);

    [SkippableFact]
    public async Task An_abandoned_multipart_upload_is_aborted_and_nothing_appears()
    {
        var (factory, s3, store) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;
        var part = new byte[6 * 1024 * 1024];

        await using (var stream = await store.CreateAsync("final/t/part-0.parquet"))
        {
            await stream.WriteAsync(part);
            await stream.WriteAsync(part);
            Assert.IsAssignableFrom<IAbandonableStream>(stream).Abandon();
        }

        Assert.Null(await store.GetInfoAsync("final/t/part-0.parquet"));
        var uploads = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = store.Bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [SkippableFact]
    public async Task A_delta_append_that_fails_mid_file_leaves_no_data_object()
    {
        var (factory, s3, store) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;
        var table = await DeltaTable.CreateAsync(new ObjectStoreDeltaStorage(store, "final/t"), Schema, ["region"]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => table.AppendAsync(FailAfterFirstBatch(), new DeltaWriteOptions { RowGroupRows = 1000 }));

        var keys = new List<string>();
        await foreach (var item in store.ListAsync("final/t/"))
        {
            keys.Add(item.Key);
        }

        Assert.Equal(["final/t/_delta_log/00000000000000000000.json"], keys);
    }

    private static async Task<(AwsClientFactory Factory, IAmazonS3 S3, S3ObjectStore Store)> CreateAsync()
    {
        var options = await LocalAws.OptionsAsync();
        var bucket = LocalAws.UniqueName("bucket");
        var factory = new AwsClientFactory(options);
        var s3 = factory.CreateS3Client();
        await s3.PutBucketAsync(bucket);
        return (factory, s3, factory.CreateObjectStore(bucket, "", s3));
    }

    private static async IAsyncEnumerable<DeltaBatch> FailAfterFirstBatch()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => (long?)i).ToArray();
        // Ten row groups of the data file are written before the source fails.
        yield return new DeltaBatch(Schema, [ids, ids.Select(_ => "Europe").ToArray()], ids.Length);
        await Task.Yield();
        throw new InvalidOperationException("the source failed");
    }
}
