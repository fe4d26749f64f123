namespace Tributary.Aws;

/// <summary>AWS settings are missing or wrong (no region, no credentials, an unknown profile, a bad endpoint URL).</summary>
public sealed class AwsConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AwsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
