using System.Runtime.InteropServices;
using ParquetSharp;
using Tributary.Delivery.Internal;

namespace Tributary.Tests.Delivery;

public sealed class DictionarySampleTests
{
    [Fact]
    public void Mostly_distinct_means_more_than_half_of_the_first_thousand_values_differ()
    {
        Assert.True(IsMostlyDistinct(Longs(1000, i => i)));
        Assert.False(IsMostlyDistinct(Longs(1000, i => i % 500)));
        Assert.True(IsMostlyDistinct(Longs(1000, i => i % 501)));
        // Only the first thousand values decide: 4,000 repeats after them change nothing.
        Assert.True(IsMostlyDistinct(Longs(5000, i => i < 1000 ? i : 7)));
        // Too few values to decide: keep the dictionary.
        Assert.False(IsMostlyDistinct(Longs(15, i => i)));
    }

    [Fact]
    public void Text_values_are_compared_by_their_bytes_not_their_addresses()
    {
        var repeated = Enumerable.Range(0, 200).Select(i => $"region-{i % 4}").ToArray();
        var distinct = Enumerable.Range(0, 200).Select(i => $"invoice-{i}").ToArray();

        Assert.False(WithByteArrays(repeated, IsMostlyDistinct));
        Assert.True(WithByteArrays(distinct, IsMostlyDistinct));
    }

    // The decisions as StagingChunkWriter makes them: the first values into a stack sample, then the count.
    private static bool IsMostlyDistinct(long[] values)
    {
        Span<long> sample = stackalloc long[DictionarySample.SampleSize];
        return DictionarySample.SampleIsMostlyDistinct(sample[..DictionarySample.AddValues(sample, 0, values)]);
    }

    private static bool IsMostlyDistinct(ReadOnlySpan<ByteArray> values)
    {
        Span<int> hashes = stackalloc int[DictionarySample.SampleSize];
        return DictionarySample.SampleIsMostlyDistinct(hashes[..DictionarySample.AddHashes(hashes, 0, values)]);
    }

    private static long[] Longs(int count, Func<long, long> value) => [.. Enumerable.Range(0, count).Select(i => value(i))];

    private static bool WithByteArrays(string[] texts, Func<ReadOnlySpan<ByteArray>, bool> decide)
    {
        // Every value has its own copy, so equal texts sit at different addresses.
        var handles = texts.Select(t => GCHandle.Alloc(System.Text.Encoding.UTF8.GetBytes(t), GCHandleType.Pinned)).ToArray();
        try
        {
            var values = handles.Select(h => new ByteArray(h.AddrOfPinnedObject(), ((byte[])h.Target!).Length)).ToArray();
            return decide(values);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }
    }
}
