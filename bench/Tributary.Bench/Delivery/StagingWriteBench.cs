using System.Globalization;
using ParquetSharp;
using Tributary.Bench.Common;
using Tributary.Bench.Flatten;
using Tributary.Delivery.Internal;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Bench.Delivery;

/// <summary>
/// The staging Parquet write alone, on one thread: generated retail records in stream envelopes are transformed in
/// process (one-pass) into staging chunks cut as the delivery stream cuts them (1 MiB invocations, 5 MiB deliveries),
/// then each delivery's chunks are written as one staging object to memory, pass after pass. Prints CPU seconds and
/// bytes allocated per 1M rows and the objects' size; <c>columns</c> also prints, per column of the first object, its
/// encodings, whether it has a dictionary page and its size before and after compression (summed over all objects).
/// Args: [records, default 200,000] [passes, default 3] [<c>columns</c>].
/// </summary>
internal static class StagingWriteBench
{
    private const int InvocationBytes = 1 << 20;
    private const int DeliveryBytes = 5 << 20;

    public static Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var passes = args.Length > 1 ? Math.Max(1, int.Parse(args[1], CultureInfo.InvariantCulture)) : 3;
        var columns = args.Contains("columns");
        var deliveries = Transform(FlattenBench.RetailEnvelopes(count, 0));
        var rows = deliveries.Sum(d => d.Sum(c => (long)c.Count));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} retail records, {rows:N0} rows in {deliveries.Count} deliveries of {deliveries.Average(d => d.Count):N1} chunks"));
        try
        {
            using var output = new MemoryStream();
            WriteAll(deliveries, output); // warm-up: JIT and the native writer's buffers
            var costs = new List<double>(passes);
            for (var pass = 0; pass < passes; pass++)
            {
                GC.Collect();
                var mark = CostMark.Now();
                var bytes = WriteAll(deliveries, output);
                var cost = mark.Elapsed();
                costs.Add(cost.Cpu * 1_000_000 / rows);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pass {pass + 1}: {cost.Cpu * 1_000_000 / rows:N2} CPU s per 1M rows, wall {cost.Wall:N2} s, {cost.Allocated / (double)rows:N1} B allocated/row, " +
                    $"{bytes / 1048576.0:N2} MiB of Parquet ({bytes * 1_000_000.0 / rows / 1048576.0:N1} MiB per 1M rows)"));
            }

            costs.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU s per 1M rows over {passes} passes: least {costs[0]:N2}, median {costs[costs.Count / 2]:N2}"));
            if (columns)
            {
                PrintColumns(deliveries);
            }
        }
        finally
        {
            foreach (var delivery in deliveries)
            {
                StagingChunkWriter.Dispose(delivery);
            }
        }

        return Task.FromResult(0);
    }

    private static long WriteAll(List<List<StagingChunk>> deliveries, MemoryStream output)
    {
        long bytes = 0;
        foreach (var delivery in deliveries)
        {
            output.SetLength(0);
            StagingChunkWriter.Write(output, delivery);
            bytes += output.Length;
        }

        return bytes;
    }

    /// <summary>The records transformed into chunks of one invocation each, grouped by delivery.</summary>
    private static List<List<StagingChunk>> Transform(List<byte[]> records)
    {
        var handler = new TransformHandler();
        var deliveries = new List<List<StagingChunk>>();
        var failures = new List<InProcessFailure>();
        var delivery = new List<StagingChunk>();
        long deliveryBytes = 0;
        for (var start = 0; start < records.Count;)
        {
            var end = start;
            long bytes = 0;
            while (end < records.Count && (end == start || bytes + records[end].Length <= InvocationBytes))
            {
                bytes += records[end++].Length;
            }

            if (deliveryBytes > 0 && deliveryBytes + bytes > DeliveryBytes)
            {
                deliveries.Add(delivery);
                delivery = [];
                deliveryBytes = 0;
            }

            var inputs = new InProcessRecord[end - start];
            for (var i = start; i < end; i++)
            {
                inputs[i - start] = new InProcessRecord(records[i], 1732698800123 + i, i);
            }

            var chunk = new StagingChunk();
            handler.TransformInto(inputs, chunk, failures);
            delivery.Add(chunk);
            deliveryBytes += bytes;
            start = end;
        }

        deliveries.Add(delivery);
        return failures.Count == 0 ? deliveries : throw new InvalidOperationException($"{failures.Count} records failed to transform");
    }

    private static void PrintColumns(List<List<StagingChunk>> deliveries)
    {
        var sizes = new Dictionary<string, (long Compressed, long Uncompressed, int Dictionaries)>();
        string[]? names = null;
        string[]? encodings = null;
        using var output = new MemoryStream();
        foreach (var delivery in deliveries)
        {
            output.SetLength(0);
            StagingChunkWriter.Write(output, delivery);
            output.Position = 0;
            using var file = new ParquetFileReader(output, leaveOpen: true);
            using var metadata = file.FileMetaData;
            names ??= [.. Enumerable.Range(0, metadata.NumColumns).Select(i => metadata.Schema.Column(i).Name)];
            for (var g = 0; g < metadata.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                encodings ??= [.. Enumerable.Range(0, metadata.NumColumns).Select(i => string.Join('+', group.MetaData.GetColumnChunkMetaData(i).Encodings))];
                for (var i = 0; i < metadata.NumColumns; i++)
                {
                    var column = group.MetaData.GetColumnChunkMetaData(i);
                    var name = metadata.Schema.Column(i).Name;
                    sizes.TryGetValue(name, out var size);
                    sizes[name] = (size.Compressed + column.TotalCompressedSize, size.Uncompressed + column.TotalUncompressedSize,
                        size.Dictionaries + (column.Encodings.Any(e => e is Encoding.PlainDictionary or Encoding.RleDictionary) ? 1 : 0));
                }
            }

            file.Close();
        }

        Console.WriteLine($"{"column",-40} {"encodings (first object)",-40} {"dict",10} {"compressed",12} {"raw",12}");
        foreach (var name in names!)
        {
            var size = sizes[name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {encodings![Array.IndexOf(names, name)],-40} {size.Dictionaries,10} {size.Compressed / 1024.0,10:N0} K {size.Uncompressed / 1024.0,10:N0} K"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"all",-40} {"",-40} {"",10} {sizes.Values.Sum(s => s.Compressed) / 1024.0,10:N0} K {sizes.Values.Sum(s => s.Uncompressed) / 1024.0,10:N0} K"));
    }
}
