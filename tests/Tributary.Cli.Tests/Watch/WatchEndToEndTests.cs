using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tributary.Telemetry;

namespace Tributary.Cli.Tests.Watch;

public sealed class WatchEndToEndTests
{
    private const int Files = 20;
    private const int RecordsPerFile = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Files_dropped_over_time_reach_curated_stop_loses_nothing_and_restart_adds_no_duplicates()
    {
        using var folder = await WatchFolder.CreateAsync(Files, RecordsPerFile, seed: 11, pollIntervalSeconds: 2);
        var (temp, generated, source, inspector) = (folder.Temp, folder.Generated, folder.Source, folder.Inspector);
        var port = FreePort();

        using (var watch = new WatchProcess(temp.Path, "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            await watch.WaitForLogAsync("watching", Deadline);
            foreach (var (file, i) in Directory.GetFiles(generated).Order(StringComparer.Ordinal).Select((f, i) => (f, i)))
            {
                // Land each file atomically, as an uploader renaming into place does (written outside source/, so
                // that no listing ever sees it half written).
                var staged = temp.Combine(Path.GetFileName(file) + ".tmp");
                File.Copy(file, staged);
                File.SetLastWriteTimeUtc(staged, DateTime.UtcNow);
                File.Move(staged, Path.Combine(source, Path.GetFileName(file)));
                if (i % 4 == 3)
                {
                    await Task.Delay(300);
                }
            }

            IReadOnlyList<RunRecord> runs = [];
            await watch.WaitUntilAsync(async () =>
            {
                runs = await inspector.History.ReadRecentAsync(1000);
                return runs.Sum(r => r.RecordsExtracted) == Files * RecordsPerFile
                    && (await inspector.ReadStatusAsync()).StagingBatchesWaiting == 0
                    && runs.Sum(r => r.RowsInserted) > 0;
            }, Deadline, "every record extracted and loaded");
            Assert.Equal(Files, runs.Sum(r => r.FilesIngested));
            Assert.Equal(Files * RecordsPerFile, runs.Sum(r => r.RecordsProcessed));

            var metrics = await new HttpClient().GetStringAsync($"http://127.0.0.1:{port}/metrics");
            foreach (var (name, series) in NonZeroAfterACleanRun)
            {
                Assert.True(Sum(metrics, series) > 0, $"{name} ({series}) is missing or zero in:\n{metrics}");
            }

            foreach (var (name, series) in LevelsAfterACleanRun)
            {
                Assert.True(Sum(metrics, series) is 0, $"{name} ({series}) should be present and 0 after a drain in:\n{metrics}");
            }

            foreach (var (name, series) in UnreportedAfterACleanRun)
            {
                Assert.True(Sum(metrics, series) is null, $"{name} ({series}) should be absent after a run of retail records in:\n{metrics}");
            }

            Assert.Equal(0, await watch.TerminateAsync(Deadline));
        }

        var status = await inspector.ReadStatusAsync();
        Assert.Equal(0, status.BufferedRecords);
        Assert.Equal(0, status.StagingBatchesWaiting);
        var curated = status.Tables.Single(t => t.Name == "curated");
        Assert.True(curated.Rows > 0);
        var stopped = await CliRun.InvokeAsync("status", "--config", temp.Combine("tributary.json"));
        Assert.True(stopped.ExitCode == 0, stopped.Out);

        // Restart: the ledger, checkpoints and load txns make a second start a no-op.
        using (var again = new WatchProcess(temp.Path))
        {
            await again.WaitForLogAsync("watching", Deadline);
            await Task.Delay(2500);
            Assert.Equal(0, await again.TerminateAsync(Deadline));
        }

        var after = await inspector.ReadTableAsync("curated");
        Assert.Equal(curated.Version, after.Version);
        Assert.Equal(curated.Rows, after.Rows);
        Assert.Equal(Files * RecordsPerFile, (await inspector.History.ReadRecentAsync(1000)).Sum(r => r.RecordsExtracted));
    }

    /// <summary>Documented metrics that a run of good files must move, with the Prometheus series that shows each.</summary>
    private static readonly Dictionary<string, string> NonZeroAfterACleanRun = new()
    {
        [MetricNames.ExtractFiles] = "tributary_extract_files_total",
        [MetricNames.ExtractRecords] = "tributary_extract_records_total",
        [MetricNames.ExtractBytes] = "tributary_extract_bytes_total",
        [MetricNames.ProcessRecords] = "tributary_process_records_total",
        [MetricNames.ProcessBytes] = "tributary_process_bytes_total",
        [MetricNames.ProcessBatchSize] = "tributary_process_batch_size_count",
        [MetricNames.ProcessBatchDuration] = "tributary_process_batch_duration_seconds_count",
        [MetricNames.ProcessRawObjects] = "tributary_process_raw_objects_total",
        [MetricNames.TransformRecords] = "tributary_transform_records_total",
        [MetricNames.TransformRows] = "tributary_transform_rows_total",
        [MetricNames.TransformDuration] = "tributary_transform_duration_seconds_count",
        [MetricNames.DeliverRecords] = "tributary_deliver_records_total",
        [MetricNames.DeliverBytes] = "tributary_deliver_bytes_total",
        [MetricNames.DeliverBatches] = "tributary_deliver_batches_total",
        [MetricNames.DeliverBatchRows] = "tributary_deliver_batch_rows_count",
        [MetricNames.LoadRuns] = "tributary_load_runs_total",
        [MetricNames.LoadDuration] = "tributary_load_duration_seconds_count",
        [MetricNames.LoadBatches] = "tributary_load_batches_total",
        [MetricNames.LoadRowsMerged] = "tributary_load_rows_merged_total",
        [MetricNames.TableVersion] = "tributary_table_version",
        [MetricNames.Freshness] = "tributary_freshness_seconds_count",
    };

    /// <summary>Gauges that are reported and back at 0 once everything is drained and loaded.</summary>
    private static readonly Dictionary<string, string> LevelsAfterACleanRun = new()
    {
        [MetricNames.DeliverBufferFill] = "tributary_deliver_buffer_fill_bytes",
        [MetricNames.DeliverBufferRecords] = "tributary_deliver_buffer_records",
        [MetricNames.StreamLagRecords] = "tributary_stream_lag_records",
        [MetricNames.StreamLagSeconds] = "tributary_stream_lag_seconds",
        [MetricNames.StagingBatchesWaiting] = "tributary_staging_batches_waiting",
    };

    /// <summary>Failure counters: good input leaves them unreported (OpenTelemetry exports a counter once it moved).</summary>
    private static readonly string[] FailureCounters =
        [MetricNames.ExtractFailures, MetricNames.ProcessFailures, MetricNames.DeliverFailures, MetricNames.LoadRowsRejected];

    /// <summary>Counters the generated retail records leave unreported: every one of them takes the one-pass transform.</summary>
    private static readonly Dictionary<string, string> UnreportedAfterACleanRun = new()
    {
        [MetricNames.TransformDocumentPath] = "tributary_transform_document_path_total",
    };

    [Fact]
    public void Every_documented_metric_is_checked_after_a_run()
    {
        var covered = NonZeroAfterACleanRun.Keys.Concat(LevelsAfterACleanRun.Keys).Concat(UnreportedAfterACleanRun.Keys).Concat(FailureCounters);
        Assert.Equal(MetricNames.All.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    /// <summary>The sum of a series over its label sets, or null when the series is absent.</summary>
    private static double? Sum(string prometheus, string series)
    {
        var matches = Regex.Matches(prometheus, $@"^{series}\{{[^}}]*\}} ([0-9.eE+-]+)", RegexOptions.Multiline);
        return matches.Count == 0 ? null : matches.Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
