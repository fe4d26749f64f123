using System.Text;
using Tributary.Aws.Delta;
using Tributary.Aws.Storage;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Delta;

namespace Tributary.Aws.Tests.Delta;

public sealed class S3ConditionalWriteCommitStoreTests
{
    [SkippableFact]
    public async Task TryCommit_SameVersionTwice_SecondLosesAndTheFirstStays()
    {
        var options = await LocalAws.OptionsAsync();
        var bucket = LocalAws.UniqueName("bucket");
        using var factory = new AwsClientFactory(options);
        using var s3 = factory.CreateS3Client();
        await s3.PutBucketAsync(bucket);
        var store = new S3ConditionalWriteCommitStore(new S3ObjectStore(s3, bucket), "final/curated");

        Assert.True(await store.TryCommitAsync(0, "a\n"u8.ToArray()));
        Assert.False(await store.TryCommitAsync(0, "b\n"u8.ToArray()));
        Assert.True(await store.TryCommitAsync(1, "c\n"u8.ToArray()));

        using var commit = await s3.GetObjectAsync(bucket, "final/curated/_delta_log/00000000000000000000.json");
        Assert.Equal("a\n", await new StreamReader(commit.ResponseStream).ReadToEndAsync());
    }

    [SkippableFact]
    public async Task TwoIndependentWriters_RacingInParallel_NoCommitLostOrOverwritten()
    {
        // One bucket, two writers that share nothing but the server: each has its own factory, HTTP pool and S3 client.
        var options = await LocalAws.OptionsAsync(serial: true);
        var bucket = LocalAws.UniqueName("bucket");
        using var factoryA = new AwsClientFactory(options);
        using var factoryB = new AwsClientFactory(options);
        using var s3A = factoryA.CreateS3Client();
        using var s3B = factoryB.CreateS3Client();
        await s3A.PutBucketAsync(bucket);
        var writers = new Dictionary<string, ICommitStore>
        {
            ["A"] = new S3ConditionalWriteCommitStore(new S3ObjectStore(s3A, bucket), "final/t"),
            ["B"] = new S3ConditionalWriteCommitStore(new S3ObjectStore(s3B, bucket), "final/t"),
        };

        var wins = await CommitStoreRace.RunAsync(writers, commitsEach: 10);

        Assert.Equal(Enumerable.Range(0, 20).Select(v => (long)v), wins.Keys.Order());
        var reader = new S3ObjectStore(s3A, bucket);
        foreach (var (version, writer) in wins)
        {
            await using var stream = await reader.OpenReadAsync($"final/t/_delta_log/{version:D20}.json");
            Assert.Equal(CommitStoreRace.Payload(writer, version), await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync());
        }

        var files = new List<string>();
        await foreach (var item in reader.ListAsync("final/t/_delta_log/"))
        {
            files.Add(item.Key);
        }

        Assert.Equal(20, files.Count);
    }
}
