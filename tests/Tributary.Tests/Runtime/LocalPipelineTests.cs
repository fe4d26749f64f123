using System.Text;
using DuckDB.NET.Data;
using Tributary.Configuration;
using Tributary.Runtime;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Runtime;

public sealed class LocalPipelineTests
{
    private static string RetailRecord(int file, int i) =>
        $$$"""{"RetailTxnData":{"InvoiceNo":{{{(file * 1000) + i}}},"Region":"{{{(i % 3 == 0 ? "Europe " : "Asia")}}}","StoreNo":{{{i % 5}}},"LineItem":[{"StockCode":"A{{{i}}}","Quantity":1},{"StockCode":"B{{{i}}}","Quantity":2}]}}""";

    private static TributaryOptions Options(string root)
    {
        var options = new TributaryOptions();
        options.Storage.DataRoot = root;
        options.Stream.ShardCount = 3;
        options.Stream.FlushToDisk = false;
        options.Process.CheckpointIntervalRecords = 50;
        return options;
    }

    private static (long Rows, long DistinctRecords, long Records) Staging(string root)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(DISTINCT (_source_file, _source_record, _row)), count(DISTINCT (_source_file, _source_record)) FROM read_parquet('{root}/staging/**/*.parquet', union_by_name = true)";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    [Fact]
    public async Task Run_drains_source_to_raw_and_staging_and_a_rerun_does_nothing()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        for (var f = 0; f < 3; f++)
        {
            var records = Enumerable.Range(0, 120).Select(i => RetailRecord(f, i));
            var text = f == 1 ? string.Join("\n", records) : "[" + string.Join(",", records) + "]";
            await store.PutAsync($"source/file-{f}.json", Encoding.UTF8.GetBytes(text));
        }

        await store.PutAsync("source/broken.json", Encoding.UTF8.GetBytes("[" + RetailRecord(9, 0) + ",{\"RetailTxnData\":"));

        RunSummary summary;
        await using (var pipeline = new LocalPipeline(Options(temp.Path), store))
        {
            summary = await pipeline.RunAsync();
        }

        Assert.Equal(4, summary.Files);
        Assert.Equal(361, summary.Records);
        Assert.Equal(361, summary.RecordsProcessed);
        Assert.Equal(722, summary.Rows);
        Assert.True(summary.StagingBatches >= 1);
        Assert.True(summary.RawObjects >= 1);
        var quarantined = Assert.Single(summary.QuarantinedFiles);
        Assert.Equal(1, quarantined.RecordsBeforeError);
        Assert.True(File.Exists(Path.Combine(temp.Path, quarantined.ReasonKey)));
        Assert.Equal((722, 722, 361), Staging(temp.Path));
        var rawLines = Directory.GetFiles(Path.Combine(temp.Path, "raw"), "*.jsonl", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length);
        Assert.Equal(361, rawLines);
        Assert.Contains(summary.Stages, s => s.Stage == "extract" && s.Records == 361);

        await using (var again = new LocalPipeline(Options(temp.Path), store))
        {
            var second = await again.RunAsync();
            Assert.Equal(0, second.Records);
            Assert.Equal(0, second.RecordsProcessed);
            Assert.Equal(4, second.FilesSkipped);
        }

        Assert.Equal((722, 722, 361), Staging(temp.Path));
    }

    [Fact]
    public async Task A_run_stopped_after_staging_but_before_its_checkpoints_is_resumed_without_staging_twice()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        for (var f = 0; f < 2; f++)
        {
            await store.PutAsync($"source/file-{f}.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 300).Select(i => RetailRecord(f, i)))));
        }

        // Batches smaller than a shard's records, so that the run can be stopped part way through.
        var options = Options(temp.Path);
        options.Process.BatchSize = 50;
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Stage == "process" && p.Records >= 250)
            {
                stop.Cancel();
            }
        });
        await using (var pipeline = new LocalPipeline(options, store))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.RunAsync(progress, stop.Token));

            // Disposing delivers the buffer: staged, yet behind no checkpoint, as when a process dies right after a
            // flush and before it writes its checkpoints.
        }

        var (_, _, stagedBefore) = Staging(temp.Path);
        Assert.InRange(stagedBefore, 250, 599);

        RunSummary summary;
        await using (var again = new LocalPipeline(options, store))
        {
            summary = await again.RunAsync();
        }

        Assert.Equal(stagedBefore, summary.RecordsFoundStaged);
        Assert.True(summary.RecordsSkippedAsStaged > 0);
        Assert.Equal((1200, 1200, 600), Staging(temp.Path));
        Assert.Equal(0, new FileInfo(Path.Combine(temp.Path, "_state", "stream", "tributary", "delivery", "tributary.journal")).Length);
    }

    [Fact]
    public async Task The_last_progress_report_of_each_stage_carries_the_stage_count_of_the_summary()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        await store.PutAsync("source/file-0.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 400).Select(i => RetailRecord(0, i)))));
        var options = Options(temp.Path);
        options.Process.BatchSize = 50;
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        RunSummary summary;
        await using (var pipeline = new LocalPipeline(options, store) { LoadAsync = _ => Task.FromResult<object?>(null) })
        {
            summary = await pipeline.RunAsync(progress);
        }

        // A progress line shows a stage's last report when it ends: it must be the stage's count, not its count at its start.
        Assert.Equal(["extract", "process", "flush", "load"], reports.Select(r => r.Stage).Distinct());
        Assert.Equal(
            summary.Stages.Select(s => s.Records),
            new[] { "extract", "process", "flush", "load" }.Select(stage => reports.Last(r => r.Stage == stage).Records));
        Assert.Equal([400L, 400, 400, 800], summary.Stages.Select(s => s.Records));
    }

    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
