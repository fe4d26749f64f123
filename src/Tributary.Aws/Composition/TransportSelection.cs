using Tributary.Aws.Internal.Configuration;
using Tributary.Configuration;

namespace Tributary.Aws.Composition;

/// <summary>
/// Reads the transport keys and checks, at start-up, that they name a combination that can work. Each key is
/// validated on its own by its options class (allowed values, bucket name); this adds the checks that span sections
/// and resolves the endpoints each selected AWS service will use, so a bad URL fails before any work starts.
/// </summary>
public static class TransportSelection
{
    /// <summary>The <c>Stream:Transport</c> value of the embedded log.</summary>
    public const string LocalStream = "local";

    /// <summary>The <c>Stream:Transport</c> value of Kinesis Data Streams.</summary>
    public const string KinesisStream = "kinesis";

    /// <summary>The <c>Deliver:Transport</c> value of the embedded Firehose.</summary>
    public const string LocalDelivery = "local";

    /// <summary>The <c>Deliver:Transport</c> value of Kinesis Data Firehose.</summary>
    public const string FirehoseDelivery = "firehose";

    /// <summary>Whether <c>Stream:Transport</c> selects Kinesis.</summary>
    public static bool IsKinesis(StreamOptions stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return string.Equals(stream.Transport, KinesisStream, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <c>Deliver:Transport</c> selects a real Firehose delivery stream.</summary>
    public static bool IsFirehose(DeliverOptions deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        return string.Equals(deliver.Transport, FirehoseDelivery, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <c>Aws:CommitStore</c> selects the DynamoDB commit table.</summary>
    public static bool IsDynamoDbCommitStore(AwsOptions aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return string.Equals(aws.CommitStore, "DynamoDb", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether any selected transport is an AWS service.</summary>
    public static bool NeedsAws(TributaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Storage.ObjectStore.Transport == ObjectStoreTransport.S3 || IsKinesis(options.Stream) || IsFirehose(options.Deliver);
    }

    /// <summary>Checks the transport keys together.</summary>
    /// <exception cref="TributaryConfigurationException">Each problem, naming its key.</exception>
    public static void Validate(TributaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var s3 = options.Storage.ObjectStore.Transport == ObjectStoreTransport.S3;
        if (!IsKinesis(options.Stream) && !string.Equals(options.Stream.Transport, LocalStream, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"'Stream:Transport': '{options.Stream.Transport}' is not allowed; allowed values: local, kinesis");
        }

        if (!IsFirehose(options.Deliver) && !string.Equals(options.Deliver.Transport, LocalDelivery, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"'Deliver:Transport': '{options.Deliver.Transport}' is not allowed; allowed values: local, firehose");
        }

        if (s3 && string.IsNullOrWhiteSpace(options.Storage.ObjectStore.Bucket))
        {
            errors.Add("'Storage:ObjectStore:Bucket': is required when Storage:ObjectStore:Transport is s3");
        }

        if (IsFirehose(options.Deliver) && !s3)
        {
            errors.Add(
                "'Deliver:Transport': firehose delivers staging objects to S3, so it needs Storage:ObjectStore:Transport = s3 " +
                "(with the delivery stream's S3 destination set to that bucket's staging prefix)");
        }

        if (!string.Equals(options.Aws.CommitStore, "S3ConditionalWrite", StringComparison.OrdinalIgnoreCase) && !IsDynamoDbCommitStore(options.Aws))
        {
            errors.Add($"'Aws:CommitStore': '{options.Aws.CommitStore}' is not allowed; allowed values: S3ConditionalWrite, DynamoDb");
        }

        if (s3)
        {
            CheckEndpoint(options.Aws, options.Aws.S3EndpointUrl, "S3", "Aws:S3EndpointUrl", errors);
            if (IsDynamoDbCommitStore(options.Aws))
            {
                CheckEndpoint(options.Aws, options.Aws.DynamoDbEndpointUrl, "DYNAMODB", "Aws:DynamoDbEndpointUrl", errors);
            }
        }

        if (IsKinesis(options.Stream))
        {
            CheckEndpoint(options.Aws, options.Aws.KinesisEndpointUrl, "KINESIS", "Aws:KinesisEndpointUrl", errors);
            CheckEndpoint(options.Aws, options.Aws.DynamoDbEndpointUrl, "DYNAMODB", "Aws:DynamoDbEndpointUrl", errors);
        }

        if (IsFirehose(options.Deliver))
        {
            CheckEndpoint(options.Aws, options.Aws.FirehoseEndpointUrl, "FIREHOSE", "Aws:FirehoseEndpointUrl", errors);
        }

        if (errors.Count > 0)
        {
            throw new TributaryConfigurationException("transports", errors.Distinct(StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>One line naming each selected transport and resource (names and locations only, never credentials).</summary>
    public static string Describe(TributaryOptions options, string objectStoreLocation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s3 = options.Storage.ObjectStore.Transport == ObjectStoreTransport.S3;
        var stream = IsKinesis(options.Stream)
            ? $"Kinesis stream '{options.Stream.Name}' (checkpoints in DynamoDB '{options.Aws.CheckpointTableName}')"
            : $"embedded stream '{options.Stream.Name}'";
        var delivery = IsFirehose(options.Deliver)
            ? $"Firehose '{options.Deliver.StreamName}'"
            : "embedded Firehose";
        var commits = !s3 ? "file system"
            : IsDynamoDbCommitStore(options.Aws) ? $"DynamoDB '{options.Aws.CommitTableName}'"
            : "S3 conditional writes";
        return $"store {objectStoreLocation}; {stream}; delivery {delivery}; Delta commits {commits}";
    }

    private static void CheckEndpoint(AwsOptions aws, string? serviceOption, string environmentId, string key, List<string> errors)
    {
        try
        {
            AwsSettings.ResolveEndpointOverride(aws, serviceOption, environmentId);
        }
        catch (AwsConfigurationException ex)
        {
            errors.Add($"'{key}' (or Aws:EndpointUrl, AWS_ENDPOINT_URL_{environmentId}, AWS_ENDPOINT_URL): {ex.Message}");
        }
    }
}
