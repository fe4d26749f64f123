using ParquetSharp;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Decides from a column's first values whether dictionary encoding would pay for itself. Samples are kept on the
/// stack and sorted to count distinct values: a decision per column per staging object costs no allocation.
/// </summary>
internal static class DictionarySample
{
    /// <summary>How many first values decide.</summary>
    public const int SampleSize = 1000;

    /// <summary>Adds the hashes of <paramref name="values"/> to a sample of <paramref name="count"/> so far, up to its size; returns the new count.</summary>
    public static int AddHashes(Span<int> hashes, int count, ReadOnlySpan<ByteArray> values)
    {
        foreach (var value in values[..Math.Min(values.Length, hashes.Length - count)])
        {
            hashes[count++] = Hash(value);
        }

        return count;
    }

    /// <summary>Adds <paramref name="values"/> to a sample of <paramref name="count"/> so far, up to its size; returns the new count.</summary>
    public static int AddValues(Span<long> sample, int count, ReadOnlySpan<long> values)
    {
        var taken = values[..Math.Min(values.Length, sample.Length - count)];
        taken.CopyTo(sample[count..]);
        return count + taken.Length;
    }

    /// <summary>
    /// Whether more than half of a sample's values are distinct (the sample is sorted in place). Text values are
    /// sampled by hash: close enough to decide.
    /// </summary>
    public static bool SampleIsMostlyDistinct<T>(Span<T> sample)
        where T : unmanaged, IComparable<T>, IEquatable<T>
    {
        if (sample.Length < 16)
        {
            return false;
        }

        sample.Sort();
        var distinct = 1;
        for (var i = 1; i < sample.Length; i++)
        {
            distinct += sample[i].Equals(sample[i - 1]) ? 0 : 1;
        }

        return distinct * 2 > sample.Length;
    }

    private static unsafe int Hash(ByteArray value)
    {
        var hash = new HashCode();
        hash.AddBytes(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length));
        return hash.ToHashCode();
    }
}
