namespace Tributary.Aws.Internal.Configuration;

/// <summary>Where one AWS service is reached and how requests to it are signed.</summary>
/// <param name="Url">The endpoint URL.</param>
/// <param name="Region">The signing region.</param>
/// <param name="SigningName">The SigV4 service name, for example <c>kinesis</c>.</param>
internal sealed record AwsServiceEndpoint(Uri Url, string Region, string SigningName);
