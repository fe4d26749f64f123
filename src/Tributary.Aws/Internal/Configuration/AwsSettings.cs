using Tributary.Configuration;

namespace Tributary.Aws.Internal.Configuration;

/// <summary>Resolves region and endpoints from <see cref="AwsOptions"/> and the standard AWS environment variables.</summary>
internal static class AwsSettings
{
    public const string DefaultRegion = "us-east-1";

    public static string ResolveRegion(AwsOptions options) =>
        FirstNonEmpty(options.Region, Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
        ?? DefaultRegion;

    public static string? ResolveProfile(AwsOptions options) =>
        FirstNonEmpty(options.Profile, Environment.GetEnvironmentVariable("AWS_PROFILE"));

    /// <summary>
    /// The configured endpoint for a service: the service-specific option, then <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>,
    /// then <see cref="AwsOptions.EndpointUrl"/>, then <c>AWS_ENDPOINT_URL</c>; null means the public endpoint.
    /// </summary>
    public static Uri? ResolveEndpointOverride(AwsOptions options, string? serviceOption, string environmentId)
    {
        var value = FirstNonEmpty(
            serviceOption,
            Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_" + environmentId),
            options.EndpointUrl,
            Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AwsConfigurationException($"The {environmentId} endpoint '{value}' is not an absolute http or https URL (Aws:*EndpointUrl or AWS_ENDPOINT_URL*).");
        }

        return uri;
    }

    public static AwsServiceEndpoint Resolve(AwsOptions options, string signingName, string? serviceOption, string environmentId)
    {
        var region = ResolveRegion(options);
        var url = ResolveEndpointOverride(options, serviceOption, environmentId) ?? new Uri($"https://{signingName}.{region}.amazonaws.com/");
        return new AwsServiceEndpoint(url, region, signingName);
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
