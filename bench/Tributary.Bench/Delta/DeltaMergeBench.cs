using System.Diagnostics;
using Tributary.Delta;

namespace Tributary.Bench.Delta;

/// <summary>
/// MERGE of changed rows into a partitioned table (partition = day), next to a full rewrite of the same result.
/// The changed rows are recent orders (the last days), as a late-arriving-updates load would see.
/// Usage: delta-merge [--rows 1000000] [--changed 100000] [--days 30] [--file-rows 50000]. The size is
/// <c>--rows 10000000</c>: memory stays bounded because every write flushes a row group per <c>--file-rows</c> rows.
/// </summary>
internal static class DeltaMergeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchArgs.Long(args, "rows", 1_000_000);
        var changed = (int)BenchArgs.Long(args, "changed", 100_000);
        var days = (int)BenchArgs.Long(args, "days", 30);
        var fileRows = (int)BenchArgs.Long(args, "file-rows", 50_000);
        var root = Path.Combine(Path.GetTempPath(), "tributary-bench-merge-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"delta-merge: table of {rows:N0} rows over {days} day partitions (appends of {fileRows:N0} rows), MERGE of {changed:N0} changed rows");
            var table = await DeltaTable.CreateAsync(new LocalDeltaStorage(Path.Combine(root, "merge")), WideRows.Schema, ["day"]);
            var build = Stopwatch.StartNew();
            await LoadAsync(table, rows, days, fileRows);
            build.Stop();
            var before = await table.GetSnapshotAsync();
            Console.WriteLine($"  build:        {build.Elapsed.TotalSeconds,8:F2} s, {before.Files.Count} files");

            // Ids are days-periodic; the newest ids fall on every day, so pick ids whose day is among the last 3.
            var source = ChangedRows(rows, changed, days);
            var merge = Stopwatch.StartNew();
            var result = await table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["day", "order_id"], PreserveOnUpdate = ["create_ts"] });
            merge.Stop();
            Console.WriteLine($"  MERGE:        {merge.Elapsed.TotalSeconds,8:F2} s, rewrote {result.FilesRemoved} of {before.Files.Count} files, wrote {result.FilesAdded}; updated {result.RowsUpdated:N0}, inserted {result.RowsInserted:N0}, copied {result.RowsCopied:N0}");
            Console.WriteLine($"  RESULT merge_seconds={merge.Elapsed.TotalSeconds:F3} files_rewritten={result.FilesRemoved} files_total={before.Files.Count}");
            Console.WriteLine($"  peak working set after build and MERGE: {PeakMiB():F0} MiB");

            var snapshot = await table.GetSnapshotAsync();
            var full = Stopwatch.StartNew();
            var rewrite = await DeltaTable.CreateAsync(new LocalDeltaStorage(Path.Combine(root, "rewrite")), WideRows.Schema, ["day"]);
            // The same row-group bound as the build, so the rewrite's 30 open partition files stay small in memory.
            var written = await rewrite.OverwriteAsync(snapshot.ReadAsync(), options: new DeltaWriteOptions { RowGroupRows = fileRows });
            full.Stop();
            Console.WriteLine($"  full rewrite: {full.Elapsed.TotalSeconds,8:F2} s, read and wrote {written.RowsInserted:N0} rows into {written.FilesAdded} files");
            Console.WriteLine($"  RESULT full_rewrite_seconds={full.Elapsed.TotalSeconds:F3}");
            Console.WriteLine($"  peak working set (whole run): {PeakMiB():F0} MiB");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double PeakMiB()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    private static async Task LoadAsync(DeltaTable table, long rows, int days, int fileRows)
    {
        for (long from = 0; from < rows; from += fileRows * (long)days)
        {
            var count = (int)Math.Min((long)fileRows * days, rows - from);
            await table.AppendAsync(Chunks(from, count, days, fileRows), new DeltaWriteOptions { RowGroupRows = fileRows });
        }
    }

    private static async IAsyncEnumerable<DeltaBatch> Chunks(long from, int count, int days, int chunk)
    {
        for (var offset = 0; offset < count; offset += chunk)
        {
            await Task.Yield();
            yield return WideRows.Batch(from + offset, Math.Min(chunk, count - offset), days);
        }
    }

    private static DeltaBatch ChangedRows(long rows, int changed, int days)
    {
        // Half updates of existing recent-day rows, half new orders on those days.
        var updates = new List<long>();
        for (var id = rows - 1; id >= 0 && updates.Count < changed / 2; id--)
        {
            if (id % days >= days - 3)
            {
                updates.Add(id);
            }
        }

        var inserts = new List<long>();
        for (var id = rows; inserts.Count < changed - updates.Count; id++)
        {
            if (id % days >= days - 3)
            {
                inserts.Add(id);
            }
        }

        var all = updates.Concat(inserts).ToList();
        var batches = all.Select(id => WideRows.Batch(id, 1, days, version: 1)).ToList();
        return DeltaBatch.Concat(WideRows.Schema, batches);
    }
}
