using System.Numerics;

namespace Tributary.Generation.Internal;

/// <summary>
/// xoshiro256** seeded by SplitMix64: our own generator so that a seed gives the same bytes on every .NET version
/// and platform (System.Random's algorithm is not a compatibility promise).
/// </summary>
internal sealed class Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>Derives an independent seed for stream number <paramref name="index"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static ulong DeriveSeed(ulong seed, long index)
    {
        var state = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(index + 1));
        return SplitMix64(ref state);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="count"/>) without modulo bias (Lemire's method).</summary>
    public ulong NextBelow(ulong count)
    {
        var product = Math.BigMul(NextUInt64(), count, out var low);
        if (low < count)
        {
            var threshold = (0 - count) % count;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), count, out low);
            }
        }

        return product;
    }

    /// <summary>A uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)NextBelow((ulong)count);

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    public long NextInclusive(long min, long max) => min + (long)NextBelow((ulong)(max - min) + 1);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
