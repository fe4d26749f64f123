using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Tributary.Aws.Storage;
using Tributary.Aws.Tests.Fixtures;

namespace Tributary.Aws.Tests.Storage;

public sealed class S3ObjectStoreTests
{
    private static async Task<(AwsClientFactory Factory, IAmazonS3 S3, S3ObjectStore Store)> CreateAsync(string prefix = "root/data", bool serial = false)
    {
        var options = await LocalAws.OptionsAsync(serial: serial);
        var bucket = LocalAws.UniqueName("bucket");
        var factory = new AwsClientFactory(options);
        var s3 = factory.CreateS3Client();
        await s3.PutBucketAsync(bucket);
        return (factory, s3, factory.CreateObjectStore(bucket, prefix, s3));
    }

    private static async Task<byte[]> ReadAllAsync(S3ObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [SkippableFact]
    public async Task PutGetInfoReadDelete_RoundTripUnderThePrefix()
    {
        var (factory, s3, store) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;

        await store.PutAsync("source/a.json", "[{\"a\":1}]"u8.ToArray());

        Assert.Equal("[{\"a\":1}]", Encoding.UTF8.GetString(await ReadAllAsync(store, "source/a.json")));
        var info = await store.GetInfoAsync("source/a.json");
        Assert.NotNull(info);
        Assert.Equal(9, info.Size);
        Assert.False(string.IsNullOrEmpty(info.ETag));
        // The key really sits under the configured prefix in the bucket.
        var raw = await s3.GetObjectMetadataAsync(store.Bucket, "root/data/source/a.json");
        Assert.Equal(9, raw.ContentLength);

        await store.DeleteAsync("source/a.json");
        await store.DeleteAsync("source/a.json");
        Assert.Null(await store.GetInfoAsync("source/a.json"));
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("source/a.json"));
        Assert.Contains("root/data/source/a.json", missing.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task List_PagesThroughEveryKeyInOrdinalOrder()
    {
        var (factory, s3, created) = await CreateAsync();
        using var __ = factory;
        using var ___ = s3;
        var store = new S3ObjectStore(s3, created.Bucket, "root/data") { ListPageSize = 7 };
        var keys = Enumerable.Range(0, 23).Select(i => $"staging/2024/{i:D3}.parquet").ToList();
        foreach (var key in keys)
        {
            await store.PutAsync(key, Encoding.UTF8.GetBytes(key));
        }

        await store.PutAsync("source/other.json", "{}"u8.ToArray());

        var listed = new List<string>();
        await foreach (var item in store.ListAsync("staging/"))
        {
            listed.Add(item.Key);
        }

        Assert.Equal(keys, listed);
    }

    [SkippableFact]
    public async Task CreateAsync_LargeObject_IsUploadedInPartsAndReadsBackIdentical()
    {
        var (factory, s3, store) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;
        var content = new byte[(12 * 1024 * 1024) + 12345];
        new Random(42).NextBytes(content);

        await using (var stream = await store.CreateAsync("final/big.parquet"))
        {
            // Odd write sizes so parts do not line up with writes.
            for (var offset = 0; offset < content.Length; offset += 777_777)
            {
                await stream.WriteAsync(content.AsMemory(offset, Math.Min(777_777, content.Length - offset)));
            }

            Assert.Null(await store.GetInfoAsync("final/big.parquet"));
        }

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(store, "final/big.parquet")));
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = store.Bucket, Key = "root/data/final/big.parquet" });
        // A multipart ETag ends with the part count: 12 MiB in 5 MiB parts is 3 parts.
        Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CreateAsync_SmallObject_IsWrittenWithOnePut()
    {
        var (factory, s3, store) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;

        await using (var stream = await store.CreateAsync("raw/small.json"))
        {
            stream.Write("{\"small\":true}"u8);
        }

        Assert.Equal("{\"small\":true}", Encoding.UTF8.GetString(await ReadAllAsync(store, "raw/small.json")));
    }

    [SkippableFact]
    public async Task TryPutNew_SecondWriterLosesAndTheFirstContentStays()
    {
        var (factory, s3, store) = await CreateAsync();
        using var _ = factory;
        using var __ = s3;

        Assert.True(await store.TryPutNewAsync("_delta_log/00000000000000000000.json", "first"u8.ToArray()));
        Assert.False(await store.TryPutNewAsync("_delta_log/00000000000000000000.json", "second"u8.ToArray()));

        Assert.Equal("first", Encoding.UTF8.GetString(await ReadAllAsync(store, "_delta_log/00000000000000000000.json")));
    }

    [SkippableFact]
    public async Task TryPutNew_ParallelWriters_ExactlyOneWins()
    {
        var (factory, s3, store) = await CreateAsync(serial: true); // threaded moto checks If-None-Match and writes in two steps
        using var _ = factory;
        using var __ = s3;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.TryPutNewAsync("race/key", Encoding.UTF8.GetBytes($"writer-{i}")))));

        var winner = Assert.Single(Enumerable.Range(0, 8), i => results[i]);
        Assert.Equal($"writer-{winner}", Encoding.UTF8.GetString(await ReadAllAsync(store, "race/key")));
    }
}
