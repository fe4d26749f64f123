namespace Tributary.Delta.Internal.Data;

/// <summary>Running min/max/null count of one leaf column across the row groups of a file.</summary>
internal sealed class LeafStats(IReadOnlyList<string> path, Schema.DeltaType type, bool collectMinMax)
{
    public IReadOnlyList<string> Path { get; } = path;

    public Schema.DeltaType Type { get; } = type;

    public bool CollectMinMax { get; private set; } = collectMinMax;

    public object? Min { get; private set; }

    public object? Max { get; private set; }

    public long NullCount { get; set; }

    /// <summary>Drops min/max for good (a NaN or infinity was seen, which Delta stats cannot express safely).</summary>
    public void Poison()
    {
        CollectMinMax = false;
        Min = null;
        Max = null;
    }

    public void Offer(object min, object max)
    {
        if (!CollectMinMax)
        {
            return;
        }

        if (Min is null || ValueComparer.Instance.Compare(min, Min) < 0)
        {
            Min = min;
        }

        if (Max is null || ValueComparer.Instance.Compare(max, Max) > 0)
        {
            Max = max;
        }
    }
}
