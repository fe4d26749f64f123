namespace Tributary.Delivery.Internal;

/// <summary>
/// A set of sequence numbers of one shard, kept as sorted, disjoint, non-adjacent ranges. A consumer reads a shard in
/// order, so the set is nearly always a handful of ranges however many numbers it holds.
/// </summary>
internal sealed class SequenceRanges
{
    private readonly List<(long From, long To)> _ranges = [];

    public int RangeCount => _ranges.Count;

    public IReadOnlyList<(long From, long To)> Ranges => _ranges;

    /// <summary>How many numbers the set holds.</summary>
    public long Count => _ranges.Sum(r => r.To - r.From + 1);

    public bool Contains(long sequence) => Find(sequence) >= 0;

    /// <summary>Adds a number; returns false when it was already in the set.</summary>
    public bool Add(long sequence) => AddRange(sequence, sequence);

    /// <summary>Adds the numbers <paramref name="from"/> to <paramref name="to"/> (inclusive); returns false when all were in the set.</summary>
    public bool AddRange(long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        if (_ranges.Count == 0 || from > _ranges[^1].To + 1)
        {
            _ranges.Add((from, to));
            return true;
        }

        // First range that ends at or after from - 1 (it may touch or overlap the new one).
        var first = LowerBound(from == long.MinValue ? from : from - 1);
        if (first < _ranges.Count && _ranges[first].From <= from && _ranges[first].To >= to)
        {
            return false;
        }

        var last = first;
        var mergedFrom = from;
        var mergedTo = to;
        while (last < _ranges.Count && _ranges[last].From <= (to == long.MaxValue ? to : to + 1))
        {
            mergedFrom = Math.Min(mergedFrom, _ranges[last].From);
            mergedTo = Math.Max(mergedTo, _ranges[last].To);
            last++;
        }

        _ranges.RemoveRange(first, last - first);
        _ranges.Insert(first, (mergedFrom, mergedTo));
        return true;
    }

    public void Clear() => _ranges.Clear();

    private int Find(long sequence)
    {
        var i = LowerBound(sequence);
        return i < _ranges.Count && _ranges[i].From <= sequence ? i : -1;
    }

    /// <summary>The index of the first range whose end is at or after <paramref name="value"/>.</summary>
    private int LowerBound(long value)
    {
        int lo = 0, hi = _ranges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranges[mid].To < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
