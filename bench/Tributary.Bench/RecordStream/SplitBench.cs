using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tributary.Bench.Common;
using Tributary.Extract.Internal;
using Tributary.Internal;
using Tributary.Records.Internal;

namespace Tributary.Bench.RecordStream;

/// <summary>
/// Extract's per-record work alone, on one thread, without the stream: each input file is split into records (with the
/// retail partition-key path), each record's UTF-8 checked and wrapped in its envelope in a reused buffer, as
/// <c>ExtractStage</c> does before a put. Runs the files <c>repeat</c> times and prints the time, CPU and allocations
/// per pass, so that a change to the splitter can be judged without the rest of the pipeline's noise.
/// </summary>
internal static class SplitBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: split <input folder of *.json> [repeat (3)] [--split-only | --reader-only] [--no-skipper]");
            return 2;
        }

        var files = Directory.GetFiles(args[0], "*.json").Order(StringComparer.Ordinal).ToArray();
        var repeat = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var r) ? r : 3;
        var splitOnly = args.Contains("--split-only");
        var useSkipper = !args.Contains("--no-skipper");
        string[] keyPath = ["RetailTxnData", "StoreNo"];
        for (var pass = 0; pass < repeat; pass++)
        {
            var mark = CostMark.Now();
            long records = 0;
            long bytes = 0;
            long keys = 0;
            using var buffer = new PooledBufferWriter(4 << 20);
            if (args.Contains("--reader-only"))
            {
                var inReader = TimeSpan.Zero;
                foreach (var file in files)
                {
                    var all = await File.ReadAllBytesAsync(file);
                    var t0 = Process.GetCurrentProcess().TotalProcessorTime;
                    var reader = new Utf8JsonReader(all, new JsonReaderOptions { MaxDepth = 64 });
                    while (reader.Read())
                    {
                        if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
                        {
                            records++;
                        }
                    }

                    bytes += all.Length;
                    inReader += Process.GetCurrentProcess().TotalProcessorTime - t0;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reader only: {records:N0} records, {inReader.TotalSeconds:F2} CPU s, {bytes / 1048576.0 / inReader.TotalSeconds:F0} MiB/CPU-s"));
                continue;
            }

            foreach (var file in files)
            {
                await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                using var splitter = new JsonRecordSplitter(input, 1 << 20, 64, keyPath, useSkipper);
                var envelopes = new SourceEnvelopeWriter(file);
                while (await splitter.MoveNextAsync(CancellationToken.None))
                {
                    records++;
                    keys += splitter.Key?.Length ?? 0;
                    if (splitOnly)
                    {
                        continue;
                    }

                    var record = splitter.Current;
                    if (JsonRecordSplitter.FindInvalidUtf8(record) >= 0)
                    {
                        throw new InvalidDataException("invalid UTF-8");
                    }

                    if (buffer.WrittenCount > (3 << 20))
                    {
                        buffer.Clear();
                    }

                    envelopes.Write(buffer, splitter.Index, record);
                }

                bytes += splitter.BytesRead;
            }

            var cost = mark.Elapsed();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {pass + 1}: {records:N0} records, {bytes / 1048576.0:F1} MiB, {cost.Wall:F2} s wall, {cost.Cpu:F2} CPU s, {bytes / 1048576.0 / cost.Cpu:F0} MiB/CPU-s, {cost.Allocated / (double)Math.Max(1, records):F1} B/record, key chars {keys:N0}; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        }

        return 0;
    }
}
