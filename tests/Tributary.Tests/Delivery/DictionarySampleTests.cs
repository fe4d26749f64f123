using System.Runtime.InteropServices;
using ParquetSharp;
using Tributary.Delivery.Internal;

namespace Tributary.Tests.Delivery;

public sealed class DictionarySampleTests
{
    [Fact]
    public void Mostly_distinct_means_more_than_half_of_the_first_thousand_values_differ()
    {
        Assert.True(IsMostlyDistinct(Texts(1000, i => i)));
        Assert.False(IsMostlyDistinct(Texts(1000, i => i % 500)));
        Assert.True(IsMostlyDistinct(Texts(1000, i => i % 501)));
        // Only the first thousand values decide: repeats after them change nothing, nor do new values.
        Assert.True(IsMostlyDistinct(Texts(5000, i => i < 1000 ? i : 7)));
        Assert.False(IsMostlyDistinct(Texts(5000, i => i < 1000 ? i % 500 : i)));
        // Fewer values: more than half of those there are.
        Assert.True(IsMostlyDistinct(Texts(20, i => i % 11)));
        Assert.False(IsMostlyDistinct(Texts(20, i => i % 10)));
        // Too few values to decide: keep the dictionary.
        Assert.False(IsMostlyDistinct(Texts(15, i => i)));
    }

    [Fact]
    public void The_values_may_come_in_several_spans_and_the_sample_stops_once_decided()
    {
        var texts = Texts(1000, i => i % 501);
        Assert.True(WithByteArrays(texts, values =>
        {
            Span<ulong> slots = stackalloc ulong[DictionarySample.Slots];
            var sample = new DictionarySample(slots, values.Length);
            sample.Add(values[..300]);
            Assert.False(sample.IsDecided);
            sample.Add(values[300..700]);
            Assert.True(sample.IsDecided); // 501 distinct values among the first 700
            return sample.IsMostlyDistinct;
        }));
    }

    [Fact]
    public void Text_values_are_compared_by_their_bytes_not_their_addresses()
    {
        var repeated = Enumerable.Range(0, 200).Select(i => $"region-{i % 4}").ToArray();
        var distinct = Enumerable.Range(0, 200).Select(i => $"invoice-{i}").ToArray();
        // Long values that differ only in their last bytes, or only in length.
        var suffixes = Enumerable.Range(0, 200).Select(i => $"customer-{i % 3}@a-long-shared-domain.example.com-{i}").ToArray();
        var lengths = Enumerable.Range(0, 200).Select(i => new string('x', 1 + (i % 150))).ToArray();

        Assert.False(IsMostlyDistinct(repeated));
        Assert.True(IsMostlyDistinct(distinct));
        Assert.True(IsMostlyDistinct(suffixes));
        Assert.True(IsMostlyDistinct(lengths));
    }

    // The decision as StagingChunkWriter makes it.
    private static bool IsMostlyDistinct(string[] texts) => WithByteArrays(texts, values =>
    {
        Span<ulong> slots = stackalloc ulong[DictionarySample.Slots];
        var sample = new DictionarySample(slots, values.Length);
        sample.Add(values);
        return sample.IsMostlyDistinct;
    });

    private static string[] Texts(int count, Func<int, int> value) =>
        [.. Enumerable.Range(0, count).Select(i => "value-" + value(i).ToString(System.Globalization.CultureInfo.InvariantCulture))];

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
