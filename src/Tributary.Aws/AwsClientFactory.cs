using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Tributary.Aws.Firehose;
using Tributary.Aws.Internal.Configuration;
using Tributary.Aws.Internal.Http;
using Tributary.Aws.Internal.Signing;
using Tributary.Aws.Kinesis;
using Tributary.Aws.Storage;
using Tributary.Configuration;

namespace Tributary.Aws;

/// <summary>
/// Builds the AWS clients Tributary uses from <see cref="AwsOptions"/>: region, endpoints and profile from the
/// options or the standard AWS environment variables, credentials from AWSSDK.Core's default chain. One factory
/// shares one HTTP connection pool and one credentials object between its clients.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly HttpClient _http;
    private readonly AwsCredentialSource _credentials;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Creates a factory.</summary>
    public AwsClientFactory(AwsOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, null)
    {
    }

    internal AwsClientFactory(AwsOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _loggerFactory = loggerFactory;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(100);
        _credentials = new AwsCredentialSource(AwsSettings.ResolveProfile(options));
        Retry = BackoffPolicy.From(options);
    }

    /// <summary>The options the clients are built from.</summary>
    public AwsOptions Options { get; }

    /// <summary>The resolved region.</summary>
    public string Region => AwsSettings.ResolveRegion(Options);

    internal BackoffPolicy Retry { get; }

    /// <summary>A Kinesis Data Streams client.</summary>
    public KinesisClient CreateKinesisClient() =>
        new(_http, AwsSettings.Resolve(Options, "kinesis", Options.KinesisEndpointUrl, "KINESIS"), _credentials, Retry, _loggerFactory?.CreateLogger<KinesisClient>());

    /// <summary>The record-stream adapter on the Kinesis stream <paramref name="streamName"/> (<c>Stream:Name</c>).</summary>
    public KinesisRecordStream CreateRecordStream(string streamName) =>
        new(CreateKinesisClient(), streamName, Retry);

    /// <summary>A Firehose client.</summary>
    public FirehoseClient CreateFirehoseClient() =>
        new(_http, AwsSettings.Resolve(Options, "firehose", Options.FirehoseEndpointUrl, "FIREHOSE"), _credentials, Retry, _loggerFactory?.CreateLogger<FirehoseClient>());

    /// <summary>The delivery-stream adapter on the Firehose delivery stream <paramref name="deliveryStreamName"/> (<c>Deliver:StreamName</c>).</summary>
    public FirehoseDeliveryStream CreateDeliveryStream(string deliveryStreamName) =>
        new(CreateFirehoseClient(), deliveryStreamName, Retry);

    /// <summary>An S3 client (SDK retries in standard mode, <see cref="AwsOptions.MaxRetries"/> attempts).</summary>
    public IAmazonS3 CreateS3Client()
    {
        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = Options.MaxRetries,
            ForcePathStyle = Options.S3ForcePathStyle,
        };
        Apply(config, AwsSettings.ResolveEndpointOverride(Options, Options.S3EndpointUrl, "S3"));
        return new AmazonS3Client(_credentials.Credentials, config);
    }

    /// <summary>The object store on <paramref name="bucket"/> under <paramref name="prefix"/> (<c>Storage:ObjectStore</c>).</summary>
    public S3ObjectStore CreateObjectStore(string? bucket, string prefix = "", IAmazonS3? s3 = null)
    {
        if (string.IsNullOrWhiteSpace(bucket))
        {
            throw new AwsConfigurationException("Storage:ObjectStore:Bucket is not set; the S3 object store needs a bucket name.");
        }

        return new S3ObjectStore(s3 ?? CreateS3Client(), bucket, prefix, Options.MultipartPartSizeMiB * 1024 * 1024);
    }

    /// <summary>A DynamoDB client (SDK retries in standard mode).</summary>
    public IAmazonDynamoDB CreateDynamoDbClient()
    {
        var config = new AmazonDynamoDBConfig { RetryMode = RequestRetryMode.Standard, MaxErrorRetry = Options.MaxRetries };
        Apply(config, AwsSettings.ResolveEndpointOverride(Options, Options.DynamoDbEndpointUrl, "DYNAMODB"));
        return new AmazonDynamoDBClient(_credentials.Credentials, config);
    }

    /// <summary>The shard checkpoint store on <see cref="AwsOptions.CheckpointTableName"/>.</summary>
    public DynamoDbShardCheckpointStore CreateShardCheckpointStore() => new(CreateDynamoDbClient(), Options.CheckpointTableName);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    internal AwsServiceEndpoint ResolveEndpoint(string signingName, string? serviceOption, string environmentId) =>
        AwsSettings.Resolve(Options, signingName, serviceOption, environmentId);

    internal HttpClient Http => _http;

    internal AwsCredentialSource CredentialSource => _credentials;

    internal ILogger? CreateLogger<T>() => _loggerFactory?.CreateLogger<T>();

    private void Apply(ClientConfig config, Uri? endpoint)
    {
        config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = Region;
        }
    }
}
