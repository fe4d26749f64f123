using System.Globalization;
using System.Text.Json;
using Tributary.Bench.Common;
using Tributary.Extract.Internal;
using Tributary.Internal.Json;

namespace Tributary.Bench.RecordStream;

/// <summary>
/// The validating skipper against <see cref="Utf8JsonReader"/> on the same records: each input file is split once into
/// records held in memory, then every record is passed over <c>repeat</c> times by a reader (every token, as the
/// splitter read a record before) and by <see cref="JsonSkipper"/>, on one thread. Prints MiB per CPU second of each.
/// </summary>
internal static class SkipBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: skip <input folder of *.json> [repeat (5)]");
            return 2;
        }

        var repeat = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var r) ? r : 5;
        var records = new List<byte[]>();
        foreach (var file in Directory.GetFiles(args[0], "*.json").Order(StringComparer.Ordinal))
        {
            await using var input = File.OpenRead(file);
            using var splitter = new JsonRecordSplitter(input, 1 << 20, 64, null);
            while (await splitter.MoveNextAsync(CancellationToken.None))
            {
                records.Add(splitter.Current.ToArray());
            }
        }

        var bytes = records.Sum(x => (long)x.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{records.Count:N0} records, {bytes / 1048576.0:F1} MiB in memory; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        for (var pass = 0; pass < repeat; pass++)
        {
            var mark = CostMark.Now();
            long ends = 0;
            foreach (var record in records)
            {
                var reader = new Utf8JsonReader(record, new JsonReaderOptions { MaxDepth = 64 });
                reader.Read();
                reader.Skip();
                ends += reader.BytesConsumed;
            }

            var read = mark.Elapsed();
            mark = CostMark.Now();
            foreach (var record in records)
            {
                var state = JsonSkipState.AtValue(0, 0);
                if (JsonSkipper.Skip(record, ref state, 64) != SkipOutcome.Done)
                {
                    throw new InvalidDataException("the skipper did not vouch for a valid record");
                }

                ends -= state.Position;
            }

            var skipped = mark.Elapsed();
            if (ends != 0)
            {
                throw new InvalidDataException("the skipper and the reader disagree on where records end");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {pass + 1}: reader {read.Cpu:F2} CPU s, {bytes / 1048576.0 / read.Cpu:F0} MiB/CPU-s; skipper {skipped.Cpu:F2} CPU s, {bytes / 1048576.0 / skipped.Cpu:F0} MiB/CPU-s ({read.Cpu / skipped.Cpu:F1}x)"));
        }

        return 0;
    }
}
