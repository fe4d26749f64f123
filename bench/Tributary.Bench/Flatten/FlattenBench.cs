using System.Diagnostics;
using System.Globalization;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Flatten;
using Tributary.Generation;
using Tributary.Records;
using Tributary.Storage;
using Tributary.Transform;

namespace Tributary.Bench.Flatten;

/// <summary>
/// Throughput of the transform path on generated retail records wrapped in stream envelopes, on one thread:
/// flatten alone, the transform handler (flatten + NDJSON rows with lineage), and the local delivery stream
/// (transform + Parquet staging to a temp folder). Args: [records, default 200,000] [line items per record: 0 keeps
/// the generator's object, N wraps it in a list of N, default 0] [<c>stream</c>: only the delivery stream, fed with
/// records generated 10,000 at a time, so that the peak working set is the delivery stream's own].
/// </summary>
internal static class FlattenBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var lineItems = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
        if (args.Length > 2 && args[2] == "stream")
        {
            return await StreamDeliveryAsync(count, lineItems);
        }

        var records = RetailEnvelopes(count, lineItems);
        var bytes = records.Sum(r => (long)r.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} retail records in envelopes, {bytes / 1048576.0:N1} MiB, line items per record: {(lineItems == 0 ? "1 (object)" : lineItems)}"));
        if (args.Length > 2 && args[2] is "onepass" or "columns")
        {
            // As the delivery stream hands them over: pinned, so the chunk points into them instead of copying them.
            records = [.. records.Select(r =>
            {
                var pinned = GC.AllocateUninitializedArray<byte>(r.Length, pinned: true);
                r.CopyTo(pinned, 0);
                return pinned;
            })];
        }

        if (args.Length > 2 && args[2] == "onepass")
        {
            // The one-pass transform into columns alone, for a profile of it.
            for (var round = 0; round < 5; round++)
            {
                Measure("transform into columns, one-pass", records, bytes, () => TransformIntoColumns(records, onePass: true, scans: true, pinned: true));
            }

            return 0;
        }

        if (args.Length > 2 && args[2] == "columns")
        {
            // The in-process transform alone, each way, three times: the focused measure of the one-pass reader.
            for (var round = 0; round < 3; round++)
            {
                Measure("transform into columns, document path", records, bytes, () => TransformIntoColumns(records, onePass: false, scans: true, pinned: true));
                Measure("transform into columns, one-pass", records, bytes, () => TransformIntoColumns(records, onePass: true, scans: true, pinned: true));
                Measure("  the same, token reader only", records, bytes, () => TransformIntoColumns(records, onePass: true, scans: false, pinned: true));
            }

            return 0;
        }


        Measure("flatten (parse + flatsplode)", records, bytes, () => FlattenAll(records));
        Measure("transform (handler, NDJSON rows)", records, bytes, () => TransformAll(records));
        Measure("transform into columns, document path", records, bytes, () => TransformIntoColumns(records, onePass: false));
        Measure("transform into columns, one-pass", records, bytes, () => TransformIntoColumns(records, onePass: true));
        var transformed = TransformedBatches(records);
        await MeasureAsync("staging write alone (NDJSON to Parquet)", records, bytes, () => WriteStagingAsync(transformed));
        transformed = null;
        await MeasureAsync("deliver (transform + Parquet staging)", records, bytes, () => DeliverAllAsync(records));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB (inputs held in memory: {bytes / 1048576.0:N0} MiB)"));
        return 0;
    }

    private static async Task<int> StreamDeliveryAsync(int count, int lineItems)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"tributary-bench-{Guid.NewGuid():N}");
        try
        {
            var store = new LocalObjectStore(folder);
            long bytes = 0;
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await using (var firehose = new LocalFirehose(store, new DeliverOptions(), new TransformOptions()))
            {
                for (var done = 0; done < count; done += 10_000)
                {
                    var records = RetailEnvelopes(Math.Min(10_000, count - done), lineItems, seed: (ulong)done + 1, firstIndex: done);
                    bytes += records.Sum(r => (long)r.Length);
                    foreach (var chunk in records.Chunk(500))
                    {
                        await firehose.PutRecordBatchAsync([.. chunk.Select(r => (ReadOnlyMemory<byte>)r)]);
                    }
                }

                await firehose.FlushAsync();
                watch.Stop();
                process.Refresh();
                var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"delivery stream, {count:N0} records generated on the fly ({bytes / 1048576.0:N1} MiB): {count / cpuSeconds:N0} records/CPU-s " +
                    $"(generation included), wall {watch.Elapsed.TotalSeconds:N1} s; {firehose.Statistics.RowsWritten:N0} rows in {firehose.Statistics.StagingObjects} objects, " +
                    $"{DirectorySize(folder) / 1048576.0:N1} MiB of Parquet; peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MiB"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    internal static List<byte[]> RetailEnvelopes(int count, int lineItems, ulong seed = 11, long firstIndex = 0)
    {
        var generator = new DataGenerator(MockarooSchema.Retail);
        using var lines = new MemoryStream();
        generator.WriteRecords(lines, count, seed, GeneratedFileFormat.JsonLines);
        var records = new List<byte[]>(count);
        var index = firstIndex;
        var all = lines.ToArray();
        for (var start = 0; start < all.Length;)
        {
            var end = Array.IndexOf(all, (byte)'\n', start);
            end = end < 0 ? all.Length : end;
            var line = all.AsMemory(start, end - start);
            start = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            var record = lineItems == 0 ? line : WrapLineItems(line, lineItems);
            records.Add(new RecordEnvelope("source/bench.json", index, "shardId-000000000001", (49590000000L + index).ToString(CultureInfo.InvariantCulture), 1732698800123 + index, record).ToArray());
            index++;
        }

        return records;
    }

    private static ReadOnlyMemory<byte> WrapLineItems(ReadOnlyMemory<byte> record, int copies)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(record.Span)!;
        var data = node["RetailTxnData"]!.AsObject();
        var item = data["LineItem"]!;
        data["LineItem"] = new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, copies).Select(_ => item.DeepClone())]);
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static long FlattenAll(List<byte[]> records)
    {
        var flattener = new Flattener();
        var sink = new CountingSink();
        foreach (var record in records)
        {
            using var document = flattener.Parse(record);
            flattener.Flatten(document.RootElement.GetProperty("record"), sink);
        }

        return sink.Rows;
    }

    private static long TransformAll(List<byte[]> records)
    {
        var handler = new TransformHandler();
        long rows = 0;
        foreach (var chunk in records.Chunk(1000))
        {
            var response = handler.Handle(new FirehoseTransformationEvent
            {
                Records = [.. chunk.Select((r, i) => new FirehoseTransformationRecord { RecordId = i.ToString(CultureInfo.InvariantCulture), Data = r })],
            });
            rows += response.Records.Sum(r => r.RowCount);
        }

        return rows;
    }

    /// <summary>The in-process transform alone: records flattened into staging columns, 1,000 a chunk, no Parquet written.</summary>
    private static long TransformIntoColumns(List<byte[]> records, bool onePass, bool scans, bool pinned)
    {
        // The one-pass reader is this thread's: say how it reads, and leave it as it was.
        var reader = Tributary.Transform.Internal.OnePassReader.ForThread();
        var scanned = reader.Scans;
        reader.Scans = scans;
        try
        {
            return TransformIntoColumns(records, onePass, pinned);
        }
        finally
        {
            reader.Scans = scanned;
        }
    }

    private static long TransformIntoColumns(List<byte[]> records, bool onePass, bool pinned = false)
    {
        var handler = new TransformHandler { OnePass = onePass };
        using var chunk = new Tributary.Delivery.Internal.StagingChunk();
        var failures = new List<Tributary.Transform.Internal.InProcessFailure>();
        var inputs = new Tributary.Transform.Internal.InProcessRecord[1000];
        long rows = 0;
        for (var start = 0; start < records.Count; start += inputs.Length)
        {
            var batch = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records)[start..Math.Min(records.Count, start + inputs.Length)];
            for (var i = 0; i < batch.Length; i++)
            {
                var record = batch[i];
                inputs[i] = new(record, 1732698800123, i, pinned);
            }

            handler.TransformInto(inputs.AsSpan(0, batch.Length), chunk, failures);
            rows += chunk.Count;
            chunk.Reset();
        }

        return rows;
    }

    private static List<ReadOnlyMemory<byte>[]> TransformedBatches(List<byte[]> records)
    {
        var handler = new TransformHandler();
        var batches = new List<ReadOnlyMemory<byte>[]>();
        // About one default delivery (5 MiB of records) per batch, transformed in Lambda-sized invocations.
        foreach (var delivery in records.Chunk(7000))
        {
            var blobs = new List<ReadOnlyMemory<byte>>(delivery.Length);
            foreach (var chunk in delivery.Chunk(1000))
            {
                var response = handler.Handle(new FirehoseTransformationEvent
                {
                    Records = [.. chunk.Select((r, i) => new FirehoseTransformationRecord { RecordId = i.ToString(CultureInfo.InvariantCulture), Data = r })],
                });
                blobs.AddRange(response.Records.Select(r => (ReadOnlyMemory<byte>)r.Data));
            }

            batches.Add([.. blobs]);
        }

        return batches;
    }

    private static Task<long> WriteStagingAsync(List<ReadOnlyMemory<byte>[]> batches)
    {
        long rows = 0;
        foreach (var batch in batches)
        {
            rows += Tributary.Delivery.Internal.StagingChunkWriter.WriteNdjson(Stream.Null, batch, CancellationToken.None);
        }

        return Task.FromResult(rows);
    }

    private static async Task<long> DeliverAllAsync(List<byte[]> records)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"tributary-bench-{Guid.NewGuid():N}");
        try
        {
            var store = new LocalObjectStore(folder);
            await using var firehose = new LocalFirehose(store, new DeliverOptions(), new TransformOptions());
            foreach (var chunk in records.Chunk(500))
            {
                await firehose.PutRecordBatchAsync([.. chunk.Select(r => (ReadOnlyMemory<byte>)r)]);
            }

            await firehose.FlushAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    staged {firehose.Statistics.StagingObjects} objects, {firehose.Statistics.RowsWritten:N0} rows, {DirectorySize(folder) / 1048576.0:N1} MiB of Parquet"));
            return firehose.Statistics.RowsWritten;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long DirectorySize(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static void Measure(string what, List<byte[]> records, long bytes, Func<long> run) =>
        MeasureAsync(what, records, bytes, () => Task.FromResult(run())).GetAwaiter().GetResult();

    private static async Task MeasureAsync(string what, List<byte[]> records, long bytes, Func<Task<long>> run)
    {
        await run(); // warm-up: JIT and buffers
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var rows = await run();
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var seconds = watch.Elapsed.TotalSeconds;
        // The machine may be shared: CPU time tells what one core does, wall time what this run got.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-40} {records.Count / cpuSeconds,10:N0} records/CPU-s {bytes / 1048576.0 / cpuSeconds,7:N1} MiB/CPU-s {rows / cpuSeconds,10:N0} rows/CPU-s | wall {seconds,6:N2} s {records.Count / seconds,10:N0} records/s | {allocated / (double)records.Count,7:N0} B allocated/record"));
    }

    private sealed class CountingSink : IFlatRowSink
    {
        public long Rows { get; private set; }

        public void OnRow(ReadOnlySpan<FlatColumn> columns) => Rows++;
    }
}
