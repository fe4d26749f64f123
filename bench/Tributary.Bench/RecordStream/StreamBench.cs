using System.Diagnostics;
using System.Globalization;
using Tributary.Bench.Common;
using Tributary.Configuration;
using Tributary.Delta.Internal;
using Tributary.Extract;
using Tributary.Storage;
using Tributary.Streaming;

namespace Tributary.Bench.RecordStream;

/// <summary>
/// Extract and the embedded record stream alone, without process or delivery: extract puts every record of the input
/// files on a fresh stream (durable, with the ledger, as <c>tributary run</c> does), then every shard is read back in
/// pages of <c>Process:BatchSize</c>. Prints the time, CPU and allocations of each half and the syncs extract caused.
/// </summary>
internal static class StreamBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: stream <input folder of *.json> [work folder]");
            return 2;
        }

        var input = args[0];
        var work = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "tributary-bench", "stream");
        var root = FreshDataRoot.Create(input, work);

        var options = TributaryConfigurationLoader.Load(null, work);
        var state = Path.Combine(Path.GetFullPath(work), DataLayout.State);
        long syncs = 0;
        DurableFiles.Observer = _ => Interlocked.Increment(ref syncs);

        var mark = CostMark.Now();
        using var stream = new LocalRecordStream(Path.Combine(state, "stream"), options.Stream);
        using var ledger = ExtractLedger.Open(Path.Combine(state, "ledger"), options.Stream.FlushToDisk);
        var extract = new ExtractStage(new LocalObjectStore(work), stream, ledger, options.Extract, options.Stream.MaxRecordBytes);
        var summary = await extract.RunAsync();
        var put = mark.Elapsed();
        DurableFiles.Observer = null;

        mark = CostMark.Now();
        long read = 0;
        long bytes = 0;
        foreach (var shard in await stream.ListShardsAsync())
        {
            string? after = null;
            while (true)
            {
                var page = await stream.GetRecordsAsync(shard, after, options.Process.BatchSize);
                if (page.Records.Count == 0)
                {
                    break;
                }

                foreach (var record in page.Records)
                {
                    bytes += record.Data.Length + record.PartitionKey.Length;
                }

                read += page.Records.Count;
                after = page.Records[^1].SequenceNumber;
            }
        }

        var got = mark.Elapsed();
        if (read != summary.Records)
        {
            Console.Error.WriteLine($"read {read} records but extract put {summary.Records}");
            return 1;
        }

        root.DeletePrevious();
        var n = (double)summary.Records;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.Records:N0} records, {root.InputBytes / 1048576.0:F1} MiB of JSON from {summary.Files} files; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"extract+put: {put.Wall:F2} s wall, {put.Cpu:F2} CPU s, {put.Allocated / n:F0} B/record, {syncs:N0} syncs, {summary.PutWait.TotalSeconds:F2} s waiting for puts"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read:        {got.Wall:F2} s wall, {got.Cpu:F2} CPU s, {got.Allocated / n:F0} B/record ({bytes / 1048576.0:F1} MiB)"));
        return 0;
    }
}
