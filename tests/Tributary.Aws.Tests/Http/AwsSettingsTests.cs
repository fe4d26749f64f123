using Tributary.Aws.Internal.Configuration;
using Tributary.Configuration;

namespace Tributary.Aws.Tests.Http;

public sealed class AwsSettingsTests
{
    [Fact]
    public void ServiceEndpoint_BeatsTheSharedOne_AndRegionComesFromOptions()
    {
        var options = new AwsOptions { Region = "eu-west-1", EndpointUrl = "http://127.0.0.1:4566/", KinesisEndpointUrl = "http://127.0.0.1:4567/" };

        var kinesis = AwsSettings.Resolve(options, "kinesis", options.KinesisEndpointUrl, "KINESIS");
        var firehose = AwsSettings.Resolve(options, "firehose", options.FirehoseEndpointUrl, "FIREHOSE");

        Assert.Equal(new Uri("http://127.0.0.1:4567/"), kinesis.Url);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), firehose.Url);
        Assert.Equal("eu-west-1", firehose.Region);
        Assert.Equal("firehose", firehose.SigningName);
    }

    [Fact]
    public void NoEndpoint_UsesThePublicRegionalEndpoint()
    {
        var endpoint = AwsSettings.Resolve(new AwsOptions { Region = "ap-southeast-2" }, "kinesis", null, "KINESIS");

        Assert.Equal(new Uri("https://kinesis.ap-southeast-2.amazonaws.com/"), endpoint.Url);
    }

    [Fact]
    public void BadEndpoint_FailsNamingTheServiceAndValue()
    {
        var error = Assert.Throws<AwsConfigurationException>(() =>
            AwsSettings.Resolve(new AwsOptions { FirehoseEndpointUrl = "localhost:4566" }, "firehose", "localhost:4566", "FIREHOSE"));

        Assert.Contains("FIREHOSE endpoint 'localhost:4566'", error.Message, StringComparison.Ordinal);
    }
}
