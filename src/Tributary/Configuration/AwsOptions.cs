namespace Tributary.Configuration;

/// <summary>AWS endpoints, region and resource names used when a port selects an AWS transport (section <c>Aws</c>).</summary>
public sealed class AwsOptions
{
    // Settings are added by the aws work; see README "Configuration reference".
}
