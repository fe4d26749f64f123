using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Tributary.Aws.Delta;
using Tributary.Aws.Storage;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Ports;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Security;

/// <summary>
/// Every client here signs with the recognisable fake keys of <see cref="FakeCredentials"/> (resolved through the SDK's
/// default chain). These tests make each adapter fail in the ways users meet (missing resources, unreachable
/// endpoints, retries) and search everything Tributary produced — messages, stack traces, inner exceptions and logs — for them.
/// </summary>
public sealed class SecretHygieneTests
{
    private static readonly string[] Secrets = [FakeCredentials.AccessKeyId, FakeCredentials.SecretAccessKey, FakeCredentials.SessionToken];

    private static async Task<string> FailureOf(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            return ex.ToString();
        }

        throw new Xunit.Sdk.XunitException("The operation was expected to fail.");
    }

    private static void AssertNoSecret(IEnumerable<string> outputs)
    {
        foreach (var output in outputs)
        {
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
                // Also no recognisable piece of it (a truncated or re-encoded key is still a leak).
                Assert.DoesNotContain(secret[..12], output, StringComparison.Ordinal);
            }
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [SkippableFact]
    public async Task FailuresAgainstRealServers_NeverShowCredentials()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        var bucket = LocalAws.UniqueName("missing-bucket");
        var logs = new CapturingLoggerFactory();
        using var factory = new AwsClientFactory(options, logs);
        using var s3 = factory.CreateS3Client();
        using var dynamoDb = factory.CreateDynamoDbClient();
        var outputs = new List<string>
        {
            await FailureOf(() => factory.CreateRecordStream("no-such-stream").PutRecordsAsync([new PutRecordEntry("{}"u8.ToArray(), "k")])),
            await FailureOf(() => factory.CreateRecordStream("no-such-stream").GetRecordsAsync("shardId-000000000000", null, 10)),
            await FailureOf(() => factory.CreateDeliveryStream("no-such-delivery").PutRecordBatchAsync(["{}"u8.ToArray()])),
            await FailureOf(() => factory.CreateObjectStore(bucket, "", s3).PutAsync("k", "{}"u8.ToArray())),
            await FailureOf(async () => await factory.CreateObjectStore(bucket, "", s3).OpenReadAsync("k")),
            await FailureOf(() => factory.CreateShardCheckpointStore().GetAsync("c", "s")),
            await FailureOf(() => new DynamoDbCommitStore(dynamoDb, "no-such-table", "s3://b/t", new S3ObjectStore(s3, bucket), "t").RecoverAsync()),
        };

        Assert.Contains(outputs, o => o.Contains("ResourceNotFoundException", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("NoSuchBucket", StringComparison.Ordinal));
        AssertNoSecret(outputs);
        AssertNoSecret(logs.Lines);
    }

    [SkippableFact]
    public async Task UnreachableEndpoints_AfterRetries_NeverShowCredentials()
    {
        var options = new Tributary.Configuration.AwsOptions
        {
            Region = "eu-west-1",
            EndpointUrl = $"http://127.0.0.1:{ClosedPort()}/",
            S3ForcePathStyle = true,
            MaxRetries = 2,
            RetryBaseDelayMilliseconds = 1,
            MaxRetryDelayMilliseconds = 5,
        };
        var logs = new CapturingLoggerFactory();
        using var factory = new AwsClientFactory(options, logs);
        using var s3 = factory.CreateS3Client();
        var outputs = new List<string>
        {
            await FailureOf(() => factory.CreateRecordStream("s").ListShardsAsync()),
            await FailureOf(() => factory.CreateDeliveryStream("d").PutRecordBatchAsync(["{}"u8.ToArray()])),
            await FailureOf(() => factory.CreateObjectStore("bucket", "", s3).TryPutNewAsync("k", "{}"u8.ToArray())),
        };

        Assert.Contains("kinesis ListShards failed (no response HttpRequestException)", outputs[0], StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        AssertNoSecret(outputs);
        AssertNoSecret(logs.Lines);
    }

    [SkippableFact]
    public async Task S3ConfiguredRun_SummaryStatusAndErrors_NeverShowCredentials()
    {
        var pipeline = await AwsPipeline.CreateAsync(shards: 1);
        using var folder = new TempDirectory("secrets-run");
        var config = folder.Combine("aws.json");
        var sections = $$"""
            "Stream": { "Transport": "kinesis", "Name": "{{pipeline.StreamName}}", "ShardCount": 1 },
            "Process": { "BatchSize": 1000 }
            """;
        await File.WriteAllTextAsync(config, pipeline.Configuration("./state", sections));
        var missingBucket = folder.Combine("missing-bucket.json");
        await File.WriteAllTextAsync(missingBucket, pipeline.Configuration("./state-missing", sections, bucket: LocalAws.UniqueName("no-such-bucket")));
        var localConfig = folder.Combine("local.json");
        await File.WriteAllTextAsync(localConfig, """{ "Storage": { "DataRoot": "./local" } }""");
        var timeout = TimeSpan.FromMinutes(3);
        var generated = await CliProcess.RunAsync(folder.Path, timeout, "generate", "--config", localConfig, "--rows", "150", "--files", "2", "--seed", "4");
        Assert.True(generated.ExitCode == 0, generated.All);
        await pipeline.UploadSourceAsync(folder.Combine("local"));

        var run = await CliProcess.RunAsync(folder.Path, timeout, "run", "--config", config, "--verbose");
        var runJson = await CliProcess.RunAsync(folder.Path, timeout, "run", "--config", config, "--format", "json", "--verbose");
        var status = await CliProcess.RunAsync(folder.Path, timeout, "status", "--config", config);
        var statusJson = await CliProcess.RunAsync(folder.Path, timeout, "status", "--config", config, "--format", "json");
        var failed = await CliProcess.RunAsync(folder.Path, timeout, "run", "--config", missingBucket, "--verbose");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("300 records extracted", run.Out, StringComparison.Ordinal);
        Assert.Contains("FROM sales_summary", run.Out, StringComparison.Ordinal);
        Assert.True(status.ExitCode is 0 or 3, status.All);
        Assert.Contains($"s3://{pipeline.Bucket}/{AwsPipeline.Prefix}final/curated", status.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not created", status.Out.Split('\n').Single(l => l.Contains("curated ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("NoSuchBucket", failed.Error, StringComparison.Ordinal);
        AssertNoSecret([run.All, runJson.All, status.All, statusJson.All, failed.All]);
    }

    [Fact]
    public async Task DefaultChain_ResolvesTheEnvironmentCredentials()
    {
        // The fake keys reach the clients only through AWSSDK.Core's default chain (environment variables here).
        var credentials = await new Tributary.Aws.Internal.Signing.AwsCredentialSource(null).GetAsync();

        Assert.Equal(FakeCredentials.AccessKeyId, credentials.AccessKey);
        Assert.Equal(FakeCredentials.SessionToken, credentials.Token);
    }

    [Fact]
    public void UnknownProfile_FailsNamingTheProfileOnly()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => new Tributary.Aws.Internal.Signing.AwsCredentialSource("tributary-no-such-profile").Credentials);

        Assert.Contains("'tributary-no-such-profile' was not found", error.Message, StringComparison.Ordinal);
        AssertNoSecret([error.ToString()]);
    }
}
