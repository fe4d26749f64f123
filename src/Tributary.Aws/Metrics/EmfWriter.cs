using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tributary.Aws.Metrics;

/// <summary>
/// Writes CloudWatch Embedded Metric Format: one JSON object per line whose <c>_aws</c> member tells CloudWatch Logs
/// which members are metrics and which are dimensions. In Lambda, lines on standard output become metrics with no
/// API call and no extra latency.
/// </summary>
public sealed class EmfWriter
{
    /// <summary>EMF allows at most 100 metrics in one document; more are split over several lines.</summary>
    public const int MaxMetricsPerDocument = 100;

    /// <summary>EMF allows at most 30 dimensions in one dimension set.</summary>
    public const int MaxDimensions = 30;

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    /// <summary>Creates a writer of <paramref name="metricNamespace"/> metrics to <paramref name="output"/>.</summary>
    public EmfWriter(TextWriter output, string metricNamespace, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        _output = output;
        Namespace = metricNamespace;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The CloudWatch namespace, for example <c>Tributary</c>.</summary>
    public string Namespace { get; }

    /// <summary>Whether this process runs in AWS Lambda (where standard output goes to CloudWatch Logs).</summary>
    public static bool IsRunningInLambda => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"));

    /// <summary>A writer to standard output, as Lambda functions use it.</summary>
    public static EmfWriter ToStandardOutput(string metricNamespace = "Tributary") => new(Console.Out, metricNamespace);

    /// <summary>Writes <paramref name="metrics"/> with one dimension set made of <paramref name="dimensions"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated, a value is not finite, or there are too many dimensions.</exception>
    public void Write(IReadOnlyDictionary<string, string> dimensions, IReadOnlyList<EmfMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(metrics);
        Validate(dimensions, metrics);
        if (metrics.Count == 0)
        {
            return;
        }

        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lines = new StringBuilder();
        for (var start = 0; start < metrics.Count; start += MaxMetricsPerDocument)
        {
            var count = Math.Min(MaxMetricsPerDocument, metrics.Count - start);
            lines.Append(Serialize(timestamp, dimensions, metrics, start, count)).Append('\n');
        }

        lock (_lock)
        {
            _output.Write(lines.ToString());
            _output.Flush();
        }
    }

    private string Serialize(long timestamp, IReadOnlyDictionary<string, string> dimensions, IReadOnlyList<EmfMetric> metrics, int start, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestamp);
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var name in dimensions.Keys)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            for (var i = start; i < start + count; i++)
            {
                json.WriteStartObject();
                json.WriteString("Name", metrics[i].Name);
                json.WriteString("Unit", metrics[i].Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            foreach (var (name, value) in dimensions)
            {
                json.WriteString(name, value);
            }

            for (var i = start; i < start + count; i++)
            {
                json.WriteNumber(metrics[i].Name, metrics[i].Value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Validate(IReadOnlyDictionary<string, string> dimensions, IReadOnlyList<EmfMetric> metrics)
    {
        if (dimensions.Count > MaxDimensions)
        {
            throw new ArgumentException($"EMF allows at most {MaxDimensions} dimensions; got {dimensions.Count}.", nameof(dimensions));
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { "_aws" };
        foreach (var (name, value) in dimensions)
        {
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(value) || !names.Add(name))
            {
                throw new ArgumentException($"Dimension '{name}' must have a unique, non-empty name and a non-empty value.", nameof(dimensions));
            }
        }

        foreach (var metric in metrics)
        {
            if (string.IsNullOrWhiteSpace(metric.Name) || !names.Add(metric.Name))
            {
                throw new ArgumentException($"Metric name '{metric.Name}' is empty or used twice (metric and dimension names share one JSON object).", nameof(metrics));
            }

            if (!double.IsFinite(metric.Value))
            {
                throw new ArgumentException($"Metric '{metric.Name}' has the value {metric.Value}; EMF values must be finite numbers.", nameof(metrics));
            }

            if (string.IsNullOrWhiteSpace(metric.Unit))
            {
                throw new ArgumentException($"Metric '{metric.Name}' has no unit (use None for a unitless value).", nameof(metrics));
            }
        }
    }
}
