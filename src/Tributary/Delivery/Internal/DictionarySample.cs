using System.Runtime.InteropServices;
using ParquetSharp;

namespace Tributary.Delivery.Internal;

/// <summary>Decides from a column's first values whether dictionary encoding would pay for itself.</summary>
internal static class DictionarySample
{
    private const int SampleSize = 1000;

    /// <summary>Whether more than half of the first values are distinct (hashes are compared: close enough to decide).</summary>
    public static bool IsMostlyDistinct(ReadOnlySpan<ByteArray> values)
    {
        var sample = values[..Math.Min(values.Length, SampleSize)];
        var seen = new HashSet<int>(sample.Length);
        foreach (var value in sample)
        {
            seen.Add(Hash(value));
        }

        return sample.Length >= 16 && seen.Count * 2 > sample.Length;
    }

    /// <inheritdoc cref="IsMostlyDistinct(ReadOnlySpan{ByteArray})"/>
    public static bool IsMostlyDistinct<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var sample = values[..Math.Min(values.Length, SampleSize)];
        var seen = new HashSet<T>(sample.Length);
        foreach (var value in sample)
        {
            seen.Add(value);
        }

        return sample.Length >= 16 && seen.Count * 2 > sample.Length;
    }

    private static unsafe int Hash(ByteArray value)
    {
        var hash = new HashCode();
        hash.AddBytes(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length));
        return hash.ToHashCode();
    }
}
