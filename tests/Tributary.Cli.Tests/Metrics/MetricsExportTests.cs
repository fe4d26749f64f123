using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Tributary.Cli.Internal;
using Tributary.Configuration;
using Tributary.Telemetry;

namespace Tributary.Cli.Tests.Metrics;

public sealed class MetricsExportTests
{
    [Fact]
    public async Task Prometheus_histograms_use_the_documented_bucket_boundaries()
    {
        var port = FreePort();
        using (MetricsExport.Build(port, new WatchOptions()))
        {
            TributaryMetrics.RecordFreshness(TimeSpan.FromSeconds(3.2));
            TributaryMetrics.Load.LoadCompleted("committed", TimeSpan.FromSeconds(1.5), 1, 10, 0, 0);
            TributaryMetrics.Process.BatchHandled("shard-0", 100, 1000, 0, TimeSpan.FromMilliseconds(7));
            TributaryMetrics.Transform.InvocationHandled(100, 0, 0, 100, TimeSpan.FromMilliseconds(30));
            TributaryMetrics.Deliver.BatchWritten(2000, 50_000);

            using var http = new HttpClient();
            var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

            var freshness = Buckets(text, "tributary_freshness_seconds");
            Assert.Equal([.. HistogramBuckets.FreshnessSeconds, double.PositiveInfinity], freshness.Keys);
            Assert.True(freshness[4] - freshness[3] >= 1, "3.2 s falls in the (3, 4] bucket:\n" + text);
            Assert.Equal([.. HistogramBuckets.LoadSeconds, double.PositiveInfinity], Buckets(text, "tributary_load_duration_seconds").Keys);
            Assert.Equal([.. HistogramBuckets.BatchSeconds, double.PositiveInfinity], Buckets(text, "tributary_process_batch_duration_seconds").Keys);
            Assert.Equal([.. HistogramBuckets.BatchSeconds, double.PositiveInfinity], Buckets(text, "tributary_transform_duration_seconds").Keys);
            Assert.Equal([.. HistogramBuckets.BatchSizes, double.PositiveInfinity], Buckets(text, "tributary_process_batch_size").Keys);
            var rows = Buckets(text, "tributary_deliver_batch_rows");
            Assert.Equal([.. HistogramBuckets.BatchSizes, double.PositiveInfinity], rows.Keys);
            Assert.True(rows[5000] - rows[1000] >= 1, "2,000 rows fall in the (1000, 5000] bucket:\n" + text);
        }
    }

    [Fact]
    public async Task Stream_lag_is_exported_in_seconds_with_one_unit_suffix()
    {
        var port = FreePort();
        var shard = "shard-" + Guid.NewGuid().ToString("N");
        using (MetricsExport.Build(port, new WatchOptions()))
        {
            TributaryMetrics.Stream.SetLag(shard, 12, 2500);
            try
            {
                using var http = new HttpClient();
                var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

                var lag = Regex.Match(text, $@"^tributary_stream_lag_seconds\{{[^}}]*shard=""{shard}""[^}}]*\}} ([0-9.eE+-]+)", RegexOptions.Multiline);
                Assert.True(lag.Success, "no tributary_stream_lag_seconds series for the shard:\n" + text);
                Assert.Equal(2.5, double.Parse(lag.Groups[1].Value, CultureInfo.InvariantCulture));
                Assert.Matches($@"(?m)^tributary_stream_lag_records\{{[^}}]*shard=""{shard}""[^}}]*\}} 12$", text);
                Assert.DoesNotContain("tributary_stream_lag_ms", text, StringComparison.Ordinal);
            }
            finally
            {
                TributaryMetrics.Stream.SetLag(shard, 0, 0);
            }
        }
    }

    [Fact]
    public async Task Otlp_export_is_switched_on_by_configuration_and_flushed_on_stop()
    {
        var port = FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = ReceiveAsync(receiver);

        var watch = new WatchOptions
        {
            OtlpEndpoint = $"http://127.0.0.1:{port}/v1/metrics",
            OtlpProtocol = MetricsExportProtocol.HttpProtobuf,
            OtlpExportIntervalSeconds = 3600,
        };
        var provider = MetricsExport.Build(0, watch);
        Assert.NotNull(provider);
        TributaryMetrics.Extract.RecordsPut(42, 4200);
        TributaryMetrics.RecordFreshness(TimeSpan.FromSeconds(1));

        // The export interval is an hour: only the final export at stop can deliver these.
        await Task.Run(provider.Dispose);
        var (path, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("/v1/metrics", path);
        var payload = Encoding.UTF8.GetString(body);
        Assert.Contains(MetricNames.ExtractRecords, payload, StringComparison.Ordinal);
        Assert.Contains(MetricNames.Freshness, payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_exported_unless_configured()
    {
        Assert.Null(MetricsExport.Build(0, new WatchOptions()));
        var error = Assert.Throws<CliUsageException>(() => MetricsExport.Build(0, new WatchOptions { OtlpEndpoint = "not a url" }));
        Assert.Contains("Watch:OtlpEndpoint", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The cumulative count of each bucket of a histogram, by upper bound, summed over label sets.</summary>
    private static SortedDictionary<double, double> Buckets(string prometheus, string name)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (Match match in Regex.Matches(prometheus, $@"^{name}_bucket\{{[^}}]*le=""([^""]+)""[^}}]*\}} (\S+)", RegexOptions.Multiline))
        {
            var bound = match.Groups[1].Value == "+Inf" ? double.PositiveInfinity : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        Assert.True(buckets.Count > 0, $"{name}_bucket is missing in:\n{prometheus}");
        return buckets;
    }

    private static async Task<(string Path, byte[] Body)> ReceiveAsync(HttpListener receiver)
    {
        var context = await receiver.GetContextAsync();
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = 200;
        context.Response.Close();
        return (context.Request.Url!.AbsolutePath, body.ToArray());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
