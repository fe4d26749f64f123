using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Tributary.Streaming.Internal;

/// <summary>CRC-32C (Castagnoli), using the CPU's CRC instructions when it has them.</summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected Castagnoli

    // The x64 CRC instruction takes 3 cycles but a new one can start every cycle: a frame is taken in as three
    // independent streams over three adjacent lanes, and their registers are joined by moving the earlier ones past the
    // later lanes with a carry-less multiply. Lanes are capped so the table of multipliers stays small.
    private const int MaxLane = 4096;

    // Below this a frame is taken in as one stream: the join costs about as much as the streams save.
    private const int MinThreeLanes = 200;

    private static readonly uint[] Table = BuildTable();

    // ShiftByLane[n]: multiplying a register by it (then one CRC step of 8 bytes) moves it past 8·n zero bytes.
    private static readonly ulong[] ShiftByLane = BuildShifts((2 * MaxLane / 8) + 1);

    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFF, data);

    /// <summary>The CRC register after <paramref name="crc"/> took in <paramref name="count"/> zero bytes.</summary>
    internal static uint AppendZeros(uint crc, int count)
    {
        for (var i = 0; i < count; i++)
        {
            crc = Table[(byte)crc] ^ (crc >> 8);
        }

        return crc;
    }

    // Optimized from the first call: every stream write and read checksums its frames from the start of a run, and the
    // unoptimized tier's intrinsics are not inlined (a profile showed it as long as the optimized loop).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            return AppendX64(crc, data);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint AppendX64(uint crc, ReadOnlySpan<byte> data)
    {
        ref var next = ref MemoryMarshal.GetReference(data);
        var left = data.Length;
        if (Pclmulqdq.IsSupported)
        {
            while (left >= MinThreeLanes)
            {
                var lane = Math.Min(left / 24 * 8, MaxLane);
                crc = ThreeLanes(crc, ref next, lane);
                next = ref Unsafe.Add(ref next, 3 * lane);
                left -= 3 * lane;
            }
        }

        ulong c = crc;
        for (; left >= 8; left -= 8)
        {
            c = Sse42.X64.Crc32(c, Unsafe.ReadUnaligned<ulong>(ref next));
            next = ref Unsafe.Add(ref next, 8);
        }

        crc = (uint)c;
        for (; left > 0; left--)
        {
            crc = Sse42.Crc32(crc, next);
            next = ref Unsafe.Add(ref next, 1);
        }

        return crc;
    }

    /// <summary>
    /// Takes in three lanes of <paramref name="lane"/> bytes (a multiple of 8) at once. The register is linear: after A
    /// then B it is (the register after A, moved past |B| zero bytes) XOR (the register of B alone, started at zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ThreeLanes(uint crc, ref byte start, int lane)
    {
        ulong a = crc;
        ulong b = 0;
        ulong c = 0;
        ref var second = ref Unsafe.Add(ref start, lane);
        ref var third = ref Unsafe.Add(ref start, 2 * lane);
        for (var i = 0; i < lane; i += 8)
        {
            a = Sse42.X64.Crc32(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
            b = Sse42.X64.Crc32(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref second, i)));
            c = Sse42.X64.Crc32(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref third, i)));
        }

        var lanes = lane / 8;
        var moved = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(a), Vector128.CreateScalar(ShiftByLane[2 * lanes]), 0x00)
            ^ Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(b), Vector128.CreateScalar(ShiftByLane[lanes]), 0x00);
        return (uint)Sse42.X64.Crc32(0, moved.ToScalar()) ^ (uint)c;
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

    /// <summary>
    /// The multipliers x^(64·n − 33) mod P, bit-reflected like the register. A reflected carry-less product carries an
    /// extra factor x, and the CRC step that reduces it multiplies by x^32: together x^(64·n), that is 8·n zero bytes.
    /// </summary>
    private static ulong[] BuildShifts(int count)
    {
        var shifts = new ulong[count];

        // x^31 is the register's lowest bit; each step of the loop multiplies by x.
        var power = 1u;
        for (var n = 1; n < count; n++)
        {
            shifts[n] = power;
            for (var k = 0; k < 64; k++)
            {
                power = (power & 1) != 0 ? (power >> 1) ^ Polynomial : power >> 1;
            }
        }

        return shifts;
    }
}
