using Tributary.Delivery.Internal;

namespace Tributary.Tests.Delivery;

public sealed class SequenceRangesTests
{
    [Fact]
    public void In_order_numbers_make_one_range_and_repeats_are_refused()
    {
        var set = new SequenceRanges();
        for (long i = 1; i <= 1000; i++)
        {
            Assert.True(set.Add(i));
        }

        Assert.False(set.Add(1));
        Assert.False(set.Add(500));
        Assert.False(set.AddRange(10, 20));
        Assert.Equal([(1L, 1000L)], set.Ranges);
    }

    [Fact]
    public void Gaps_stay_open_until_filled_and_then_merge()
    {
        var set = new SequenceRanges();
        set.Add(5);
        set.Add(9);
        set.Add(1);
        set.AddRange(20, 30);
        Assert.Equal([(1L, 1L), (5L, 5L), (9L, 9L), (20L, 30L)], set.Ranges);
        Assert.False(set.Contains(2));
        Assert.False(set.Contains(19));
        Assert.True(set.Contains(25));

        Assert.True(set.AddRange(2, 4));
        Assert.True(set.AddRange(6, 8));
        Assert.True(set.AddRange(10, 19));
        Assert.Equal([(1L, 30L)], set.Ranges);
    }

    [Fact]
    public void A_range_overlapping_several_ranges_swallows_them()
    {
        var set = new SequenceRanges();
        set.AddRange(10, 12);
        set.AddRange(15, 16);
        set.AddRange(40, 41);
        Assert.True(set.AddRange(11, 20));
        Assert.Equal([(10L, 20L), (40L, 41L)], set.Ranges);
        Assert.True(set.AddRange(0, 100));
        Assert.Equal([(0L, 100L)], set.Ranges);
    }

    [Fact]
    public void Random_adds_match_a_hash_set()
    {
        var random = new Random(42);
        var set = new SequenceRanges();
        var expected = new HashSet<long>();
        for (var i = 0; i < 5000; i++)
        {
            var from = (long)random.Next(0, 2000);
            var to = from + random.Next(0, 3);
            var fresh = false;
            for (var x = from; x <= to; x++)
            {
                fresh |= expected.Add(x);
            }

            Assert.Equal(fresh, set.AddRange(from, to));
        }

        for (long x = -1; x < 2010; x++)
        {
            Assert.Equal(expected.Contains(x), set.Contains(x));
        }

        for (var i = 1; i < set.Ranges.Count; i++)
        {
            Assert.True(set.Ranges[i].From > set.Ranges[i - 1].To + 1, "ranges are sorted, disjoint and not adjacent");
        }
    }
}
