using System.Net;
using Tributary.Aws.Tests.Fixtures;

namespace Tributary.Aws.Tests.Http;

public sealed class AwsJsonProtocolClientTests
{
    [SkippableFact]
    public async Task ThrottlingAnd5xx_AreRetriedUntilTheCallSucceeds()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        var handler = new ThrottlingHandler(
            "Kinesis_20131202.CreateStream",
            (HttpStatusCode.BadRequest, "LimitExceededException"),
            (HttpStatusCode.BadRequest, "com.amazonaws#ThrottlingException"),
            (HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException"));
        using var factory = new AwsClientFactory(options, null, handler);
        var client = factory.CreateKinesisClient();
        var name = LocalAws.UniqueName("stream");

        await client.CreateStreamAsync(name, 1);

        Assert.Equal(4, handler.Calls);
        await client.WaitForActiveAsync(name, TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await client.DescribeStreamSummaryAsync(name)).OpenShardCount);
    }

    [SkippableFact]
    public async Task RetriesExhausted_FailWithTheLastError()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        options.MaxRetries = 2;
        var handler = new ThrottlingHandler(
            "Kinesis_20131202.ListShards",
            Enumerable.Repeat((HttpStatusCode.InternalServerError, "InternalFailure"), 5).ToArray());
        using var factory = new AwsClientFactory(options, null, handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.CreateKinesisClient().ListShardsAsync("any"));

        Assert.Equal(3, handler.Calls);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalFailure", error.ErrorCode);
    }

    [SkippableFact]
    public async Task ClientErrors_AreNotRetried()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        var handler = new ThrottlingHandler("Kinesis_20131202.ListShards");
        using var factory = new AwsClientFactory(options, null, handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => factory.CreateKinesisClient().ListShardsAsync("no-such-stream"));

        Assert.Equal(1, handler.Calls);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }
}
