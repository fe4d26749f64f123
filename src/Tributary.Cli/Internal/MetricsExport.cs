using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using Tributary.Configuration;
using Tributary.Telemetry;

namespace Tributary.Cli.Internal;

/// <summary>
/// Where <c>watch</c> sends the <c>Tributary</c> meter: a Prometheus scrape endpoint on 127.0.0.1 and/or an OTLP
/// endpoint, as configured. Disposing the provider makes the final OTLP export, so a clean stop reports everything.
/// </summary>
internal static class MetricsExport
{
    /// <summary>Builds the meter provider, or returns null when neither export is configured.</summary>
    public static MeterProvider? Build(int prometheusPort, WatchOptions watch)
    {
        if (prometheusPort == 0 && string.IsNullOrWhiteSpace(watch.OtlpEndpoint))
        {
            return null;
        }

        var builder = Sdk.CreateMeterProviderBuilder().AddMeter(TributaryMetrics.MeterName);
        if (prometheusPort > 0)
        {
            builder.AddPrometheusHttpListener(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = prometheusPort;
            });
        }

        if (!string.IsNullOrWhiteSpace(watch.OtlpEndpoint))
        {
            if (!Uri.TryCreate(watch.OtlpEndpoint, UriKind.Absolute, out var endpoint))
            {
                throw new CliUsageException($"Watch:OtlpEndpoint: '{watch.OtlpEndpoint}' is not an absolute URL (e.g. http://127.0.0.1:4317).");
            }

            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = watch.OtlpProtocol == MetricsExportProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = watch.OtlpExportIntervalSeconds * 1000;
            });
        }

        return builder.Build();
    }
}
