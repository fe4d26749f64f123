using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Tributary.Aws.Internal.Signing;

/// <summary>
/// Resolves credentials through AWSSDK.Core: a named profile when one is configured, otherwise the SDK's default
/// chain (environment, profile, web identity, container, instance). The SDK's credential objects cache and refresh.
/// </summary>
internal sealed class AwsCredentialSource
{
    private readonly Lazy<AWSCredentials> _credentials;

    public AwsCredentialSource(string? profile)
    {
        _credentials = new Lazy<AWSCredentials>(() => Resolve(profile), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private AwsCredentialSource(AWSCredentials credentials)
    {
        _credentials = new Lazy<AWSCredentials>(credentials);
    }

    /// <summary>A source that always yields the given credentials (tests and callers that resolve their own).</summary>
    public static AwsCredentialSource From(AWSCredentials credentials) => new(credentials);

    /// <summary>The SDK credentials object, for SDK clients (S3, DynamoDB).</summary>
    public AWSCredentials Credentials => _credentials.Value;

    public Task<ImmutableCredentials> GetAsync() => _credentials.Value.GetCredentialsAsync();

    private static AWSCredentials Resolve(string? profile)
    {
        profile = string.IsNullOrWhiteSpace(profile) ? null : profile;
        if (profile is not null)
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile))
            {
                return fromProfile;
            }

            throw new AwsConfigurationException($"The AWS profile '{profile}' was not found in the shared config or credentials files.");
        }

        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException ex)
        {
            // The SDK's message lists the providers it tried; it carries no secret.
            throw new AwsConfigurationException("No AWS credentials were found (environment, profile, container or instance): " + ex.Message, ex);
        }
    }
}
