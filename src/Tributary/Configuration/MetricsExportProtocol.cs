namespace Tributary.Configuration;

/// <summary>How <c>watch</c> sends metrics to <see cref="WatchOptions.OtlpEndpoint"/>.</summary>
public enum MetricsExportProtocol
{
    /// <summary>OTLP over gRPC (collectors listen on port 4317); the endpoint is the collector's address.</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (port 4318); the endpoint is the full URL, e.g. <c>…/v1/metrics</c>.</summary>
    HttpProtobuf,
}
