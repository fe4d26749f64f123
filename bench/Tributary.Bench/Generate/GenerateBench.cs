using System.Diagnostics;
using System.Globalization;
using Tributary.Generation;

namespace Tributary.Bench.Generate;

/// <summary>
/// Throughput of the retail generator: records/s into a null stream on one thread (the generator alone), and into
/// files on every core (the <c>tributary generate</c> path). Args: [records per measurement, default 1,000,000].
/// </summary>
internal static class GenerateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var generator = new DataGenerator(MockarooSchema.Retail);
        generator.WriteRecords(Stream.Null, 50_000, seed: 1, GeneratedFileFormat.Array); // warm-up

        foreach (var format in new[] { GeneratedFileFormat.Array, GeneratedFileFormat.JsonLines })
        {
            var counting = new CountingStream();
            var watch = Stopwatch.StartNew();
            generator.WriteRecords(counting, records, seed: 7, format);
            watch.Stop();
            Print($"single thread, {format}, no I/O", records, counting.Length, watch.Elapsed);
        }

        var folder = Path.Combine(Path.GetTempPath(), $"tributary-bench-{Guid.NewGuid():N}");
        try
        {
            foreach (var gzip in new[] { false, true })
            {
                var files = Environment.ProcessorCount * 2;
                var request = new GenerateRequest
                {
                    OutputDirectory = folder,
                    RowsPerFile = records / files,
                    Files = files,
                    Seed = 7,
                    Gzip = gzip,
                };
                var result = await generator.GenerateFilesAsync(request);
                Print($"{files} files on {Environment.ProcessorCount} cores{(gzip ? ", gzip" : "")}", result.Records, result.Bytes, result.Elapsed);
                Directory.Delete(folder, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    private static void Print(string what, long records, long bytes, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-40} {records,12:N0} records {bytes / 1048576.0,10:N1} MiB {elapsed.TotalSeconds,8:N2} s {records / elapsed.TotalSeconds,12:N0} records/s"));

    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Position += buffer.Length;
    }
}
