using System.Diagnostics;
using Parquet;
using Tributary.Delta;
using Tributary.Delta.Internal.Data;

namespace Tributary.Bench.Delta;

/// <summary>
/// Appends N rows × 23 columns through <see cref="DeltaTable.AppendAsync(IAsyncEnumerable{DeltaBatch}, DeltaWriteOptions?, CancellationToken)"/>
/// and writes the same batches as one plain Parquet file with the same encoder, to show the Delta overhead
/// (stats, log, commit) and the peak memory of a streamed write.
/// Usage: delta-append [--rows 1000000] [--batch 65536] [--mode both|delta|parquet] [--dir PATH]
/// </summary>
internal static class DeltaAppendBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchArgs.Long(args, "rows", 1_000_000);
        var batchRows = (int)BenchArgs.Long(args, "batch", 65_536);
        var mode = BenchArgs.Text(args, "mode") ?? "both";
        var root = BenchArgs.Text(args, "dir") ?? Path.Combine(Path.GetTempPath(), "tributary-bench-append-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine($"delta-append: {rows:N0} rows x {WideRows.Schema.Fields.Count} columns, batches of {batchRows:N0}, mode {mode}");
            // Warm up the JIT on both paths so that neither measurement pays for compilation.
            await PlainParquetAsync(Path.Combine(root, "warm.parquet"), 20_000, 10_000);
            await (await DeltaTable.CreateAsync(new LocalDeltaStorage(Path.Combine(root, "warm")), WideRows.Schema)).AppendAsync(Batches(20_000, 10_000));
            var generate = Stopwatch.StartNew();
            await foreach (var _ in Batches(rows, batchRows))
            {
            }

            generate.Stop();
            Console.WriteLine($"  generate only:      {generate.Elapsed.TotalSeconds,8:F2} s");

            TimeSpan? plainNet = null, deltaNet = null;
            if (mode is "both" or "parquet")
            {
                var parquet = Stopwatch.StartNew();
                var size = await PlainParquetAsync(Path.Combine(root, "plain.parquet"), rows, batchRows);
                parquet.Stop();
                Console.WriteLine($"  plain Parquet write: {parquet.Elapsed.TotalSeconds,8:F2} s  ({size / 1048576.0:F1} MiB)  net of generation {(parquet.Elapsed - generate.Elapsed).TotalSeconds:F2} s");
                Report("plain", parquet.Elapsed, generate.Elapsed);
                plainNet = parquet.Elapsed - generate.Elapsed;
            }

            if (mode is "both" or "delta")
            {
                var storage = new LocalDeltaStorage(Path.Combine(root, "table"));
                var table = await DeltaTable.CreateAsync(storage, WideRows.Schema);
                var delta = Stopwatch.StartNew();
                var result = await table.AppendAsync(Batches(rows, batchRows), new DeltaWriteOptions { RowGroupRows = batchRows * 2 });
                delta.Stop();
                var bytes = (await table.GetSnapshotAsync()).Files.Sum(f => f.Size);
                Console.WriteLine($"  Delta append:        {delta.Elapsed.TotalSeconds,8:F2} s  ({bytes / 1048576.0:F1} MiB, {result.FilesAdded} file(s), version {result.Version})  net of generation {(delta.Elapsed - generate.Elapsed).TotalSeconds:F2} s");
                Report("delta", delta.Elapsed, generate.Elapsed);
                deltaNet = delta.Elapsed - generate.Elapsed;
            }

            if (plainNet is { } plain && deltaNet is { } net && plain > TimeSpan.Zero)
            {
                // Negative means the Delta run was faster: run order and machine noise outweigh the log work.
                var overhead = (net.TotalSeconds / plain.TotalSeconds) - 1;
                Console.WriteLine($"  Delta overhead:      {overhead * 100,8:F1} % of the plain Parquet write (net times)");
                Console.WriteLine($"  RESULT delta_overhead_percent={overhead * 100:F1}");
            }

            Console.WriteLine($"  peak working set:    {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB; allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB");
            return 0;
        }
        finally
        {
            if (BenchArgs.Text(args, "dir") is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void Report(string name, TimeSpan elapsed, TimeSpan generation) =>
        Console.WriteLine($"  RESULT {name}_seconds_net={(elapsed - generation).TotalSeconds:F3}");

    private static async IAsyncEnumerable<DeltaBatch> Batches(long rows, int batchRows)
    {
        for (long from = 0; from < rows; from += batchRows)
        {
            await Task.Yield();
            yield return WideRows.Batch(from, (int)Math.Min(batchRows, rows - from));
        }
    }

    /// <summary>The same encoder without Delta: one Parquet file, row group per two batches, no stats, no log.</summary>
    private static async Task<long> PlainParquetAsync(string path, long rows, int batchRows)
    {
        var layout = ParquetLayout.Create(WideRows.Schema);
        await using var stream = File.Create(path);
        await using (var writer = await ParquetWriter.CreateAsync(layout.Schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest }))
        {
            var pending = new List<DeltaBatch>();
            await foreach (var batch in Batches(rows, batchRows))
            {
                pending.Add(batch);
                if (pending.Count == 2)
                {
                    await WriteGroupAsync(writer, layout, pending);
                }
            }

            await WriteGroupAsync(writer, layout, pending);
        }

        return new FileInfo(path).Length;
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, ParquetLayout layout, List<DeltaBatch> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var group = DeltaBatch.Concat(WideRows.Schema, pending);
        pending.Clear();
        using var rowGroup = writer.CreateRowGroup();
        for (var c = 0; c < layout.Columns.Count; c++)
        {
            await ColumnWriter.WriteAsync(rowGroup, layout.Columns[c], group.Columns[c], 0, group.RowCount, CancellationToken.None);
        }
    }
}
