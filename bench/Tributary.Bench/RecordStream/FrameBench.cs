using System.Globalization;
using Tributary.Bench.Common;
using Tributary.Streaming.Internal;

namespace Tributary.Bench.RecordStream;

/// <summary>
/// The embedded stream's per-record CPU work without files: <see cref="FrameFormat.Write"/> (copy and CRC-32C) of
/// frames of one record size into a buffer, then the read side's checksum of each frame, over a few passes.
/// </summary>
internal static class FrameBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var recordBytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600;
        var frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var key = "2f1d8a3c-4b5e-4f60-9a7b-8c9d0e1f2a3b"u8.ToArray();
        var data = new byte[recordBytes];
        new Random(4).NextBytes(data);
        var size = FrameFormat.FrameBytes(key.Length, data.Length);

        // A buffer of a few MiB, like a put batch: written over and over so the measure is the CPU's, not the caches'.
        var perBuffer = Math.Max(1, (4 << 20) / size);
        var buffer = new byte[perBuffer * size];
        for (var pass = 0; pass < 4; pass++)
        {
            var mark = CostMark.Now();
            for (var i = 0; i < frames; i++)
            {
                var at = i % perBuffer * size;
                FrameFormat.Write(buffer.AsSpan(at, size), i, 0, key, data);
            }

            var write = mark.Elapsed();
            mark = CostMark.Now();
            long check = 0;
            for (var i = 0; i < frames; i++)
            {
                var at = i % perBuffer * size;
                check += Crc32C.Compute(buffer.AsSpan(at + FrameFormat.HeaderBytes, size - FrameFormat.HeaderBytes));
            }

            var read = mark.Elapsed();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {pass}: {frames:N0} frames of {size} bytes; write {write.Cpu * 1e9 / frames:F0} ns/frame ({write.Cpu:F2} CPU s), checksum {read.Cpu * 1e9 / frames:F0} ns/frame ({(double)frames * (size - FrameFormat.HeaderBytes) / read.Cpu / 1e9:F1} GB/s), check {check:X}"));
        }

        return Task.FromResult(0);
    }
}
