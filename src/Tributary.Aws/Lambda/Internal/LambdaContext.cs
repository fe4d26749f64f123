using Tributary.Aws.Metrics;
using Tributary.Configuration;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// What every function needs, built once per Lambda execution environment: the configuration (from
/// <c>TRIBUTARY__*</c> environment variables, and <c>tributary.json</c> in the package when present), the AWS clients,
/// the metrics writer (EMF lines on standard output, only when running in Lambda) and the log (standard error, which
/// Lambda sends to CloudWatch Logs).
/// </summary>
internal sealed class LambdaContext
{
    public LambdaContext(TributaryOptions options, AwsClientFactory clients, EmfWriter? metrics, TextWriter? log = null)
    {
        Options = options;
        Clients = clients;
        Metrics = metrics;
        Log = log ?? Console.Error;
    }

    public TributaryOptions Options { get; }

    public AwsClientFactory Clients { get; }

    public EmfWriter? Metrics { get; }

    public TextWriter Log { get; }

    public static LambdaContext FromEnvironment()
    {
        var root = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") is { Length: > 0 } taskRoot ? taskRoot : Environment.CurrentDirectory;
        var options = TributaryConfigurationLoader.Load(null, root);
        return new LambdaContext(options, new AwsClientFactory(options.Aws), EmfWriter.IsRunningInLambda ? EmfWriter.ToStandardOutput() : null);
    }

    /// <summary>Writes one stage's metrics, with the pipeline and stage as dimensions.</summary>
    public void Emit(string stage, IReadOnlyList<EmfMetric> metrics) =>
        Metrics?.Write(new Dictionary<string, string> { ["Pipeline"] = Options.Pipeline, ["Stage"] = stage }, metrics);

    /// <summary>Writes one log line, prefixed with the stage.</summary>
    public void Write(string stage, string message)
    {
        lock (Log)
        {
            Log.WriteLine($"[{stage}] {message}");
        }
    }
}
