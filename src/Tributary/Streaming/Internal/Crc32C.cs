using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Tributary.Streaming.Internal;

/// <summary>CRC-32C (Castagnoli), using the CPU's CRC instructions when it has them.</summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected Castagnoli
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFF, data);

    // Optimized from the first call: every stream write and read checksums its frames from the start of a run, and the
    // unoptimized tier's intrinsics are not inlined (a profile showed it as long as the optimized loop).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            var longs = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (var value in longs)
            {
                c = Sse42.X64.Crc32(c, value);
            }

            crc = (uint)c;
            data = data[(longs.Length * 8)..];
            foreach (var b in data)
            {
                crc = Sse42.Crc32(crc, b);
            }

            return crc;
        }

        if (Crc32.Arm64.IsSupported)
        {
            var longs = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (var value in longs)
            {
                crc = Crc32.Arm64.ComputeCrc32C(crc, value);
            }

            data = data[(longs.Length * 8)..];
            foreach (var b in data)
            {
                crc = Crc32.ComputeCrc32C(crc, b);
            }

            return crc;
        }

        foreach (var b in data)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
