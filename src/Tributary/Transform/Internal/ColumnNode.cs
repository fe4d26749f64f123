namespace Tributary.Transform.Internal;

/// <summary>
/// A flattened key prefix in the one-pass reader's cache: its children are looked up by the member's raw UTF-8 name,
/// first at the position the member had among its siblings when it was added (records of one stream repeat their
/// shape), so the steady state builds no string and hashes nothing.
/// </summary>
internal sealed class ColumnNode
{
    private const int ScanLimit = 8;

    private ColumnNode[] _children = new ColumnNode[4];
    private int _count;
    private Dictionary<byte[], ColumnNode>? _byName;

    public ColumnNode(byte[] rawName, ColumnSlot? slot)
    {
        RawName = rawName;
        Slot = slot;
    }

    /// <summary>The member's name as written (it is never escaped: the reader leaves escaped names to the document path).</summary>
    public byte[] RawName { get; }

    /// <summary>The joined key; null for the root of a record.</summary>
    public ColumnSlot? Slot { get; }

    public int ChildCount => _count;

    /// <summary>The child added at position <paramref name="ordinal"/> among its siblings, or null.</summary>
    public ColumnNode? ChildAt(int ordinal) => (uint)ordinal < (uint)_count ? _children[ordinal] : null;

    /// <summary>The child for member <paramref name="name"/>, expected at position <paramref name="ordinal"/>; null when unknown.</summary>
    public ColumnNode? Find(ReadOnlySpan<byte> name, int ordinal)
    {
        if ((uint)ordinal < (uint)_count && name.SequenceEqual(_children[ordinal].RawName))
        {
            return _children[ordinal];
        }

        if (_byName is not null)
        {
            return _byName.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(name, out var found) ? found : null;
        }

        for (var i = 0; i < _count; i++)
        {
            if (name.SequenceEqual(_children[i].RawName))
            {
                return _children[i];
            }
        }

        return null;
    }

    public ColumnNode Add(byte[] rawName, ColumnSlot slot)
    {
        var child = new ColumnNode(rawName, slot);
        if (_count == _children.Length)
        {
            Array.Resize(ref _children, _count * 2);
        }

        _children[_count++] = child;
        if (_byName is not null)
        {
            _byName.Add(rawName, child);
        }
        else if (_count > ScanLimit)
        {
            _byName = new Dictionary<byte[], ColumnNode>(_count * 2, Tributary.Internal.ByteKeyComparer.Instance);
            for (var i = 0; i < _count; i++)
            {
                _byName.Add(_children[i].RawName, _children[i]);
            }
        }

        return child;
    }
}
