using System.Runtime.CompilerServices;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// Recognisable fake credentials, put in the standard environment variables before any test runs so every client
/// resolves them through AWSSDK.Core's default chain, and the secret-hygiene tests can search output for them.
/// </summary>
internal static class FakeCredentials
{
    public const string AccessKeyId = "AKIATRIBUTARYFAKE042";
    public const string SecretAccessKey = "tributary/FAKE+secret/key/never-to-be-printed-0042";
    public const string SessionToken = "tributaryFakeSessionToken/NEVER/PRINTED/0042==";

    [ModuleInitializer]
    internal static void Install()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", SessionToken);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        // Endpoints come from each test's options, never from the developer's environment.
        foreach (var suffix in new[] { "", "_S3", "_KINESIS", "_FIREHOSE", "_DYNAMODB", "_CLOUDWATCH" })
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL" + suffix, null);
        }

        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
    }
}
