using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>
/// The reusable buffers of one recursion level of <see cref="FlattenWalker"/>: the item being exploded, the lists
/// found in it, and the flattened combination (with a key index, because the last key wins on a collision).
/// </summary>
internal sealed class Level
{
    private readonly Dictionary<string, int> _flatIndex = new(StringComparer.Ordinal);
    private readonly List<ListSlot> _lists = [];
    private readonly List<JsonElement[]> _elementBuffers = [];
    private FlatColumn[] _item = new FlatColumn[32];
    private int[] _itemDepths = new int[32];
    private int _itemCount;
    private FlatColumn[] _flat = new FlatColumn[32];
    private int[] _flatDepths = new int[32];
    private int _flatCount;
    private int[] _odometer = new int[8];

    public ReadOnlySpan<FlatColumn> ItemColumns => _item.AsSpan(0, _itemCount);

    public ReadOnlySpan<int> ItemDepths => _itemDepths.AsSpan(0, _itemCount);

    public ReadOnlySpan<FlatColumn> FlatColumns => _flat.AsSpan(0, _flatCount);

    public ReadOnlySpan<int> FlatDepths => _flatDepths.AsSpan(0, _flatCount);

    public void ClearItem() => _itemCount = 0;

    public void AddItem(string name, JsonElement value, int depth)
    {
        if (_itemCount == _item.Length)
        {
            Array.Resize(ref _item, _item.Length * 2);
            Array.Resize(ref _itemDepths, _itemDepths.Length * 2);
        }

        _item[_itemCount] = new FlatColumn(name, value);
        _itemDepths[_itemCount++] = depth;
    }

    /// <summary>Finds the item's list values and what each explodes into (flatsplode's <c>explode</c>).</summary>
    public List<ListSlot> CollectLists(bool keepFalsyLists)
    {
        _lists.Clear();
        for (var i = 0; i < _itemCount; i++)
        {
            var value = _item[i].Value;
            if (value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var length = value.GetArrayLength();
            if (length == 0 || (!keepFalsyLists && !JsonTruthiness.AnyTruthy(value)))
            {
                // [(k, None)]: an empty list, or one whose elements are all falsy, gives one row with null.
                _lists.Add(new ListSlot(i, 1, null, _itemDepths[i] + 1));
                continue;
            }

            var elements = RentElementBuffer(_lists.Count, length);
            var n = 0;
            foreach (var element in value.EnumerateArray())
            {
                elements[n++] = element;
            }

            _lists.Add(new ListSlot(i, length, elements, _itemDepths[i] + 1));
        }

        return _lists;
    }

    public int[] Odometer(int digits)
    {
        if (_odometer.Length < digits)
        {
            _odometer = new int[digits * 2];
        }

        Array.Clear(_odometer, 0, digits);
        return _odometer;
    }

    /// <summary>Puts a list's chosen element in place of the list, keeping the key's position.</summary>
    public void Choose(ListSlot list, int index)
    {
        _item[list.Position] = new FlatColumn(_item[list.Position].Name, list.Elements is null ? default : list.Elements[index]);
        _itemDepths[list.Position] = list.ElementDepth;
    }

    public void ClearFlat()
    {
        _flatCount = 0;
        _flatIndex.Clear();
    }

    /// <summary>Appends a new key; returns false when the key is already present.</summary>
    public bool TryPut(string key, JsonElement value, int depth)
    {
        if (!_flatIndex.TryAdd(key, _flatCount))
        {
            return false;
        }

        if (_flatCount == _flat.Length)
        {
            Array.Resize(ref _flat, _flat.Length * 2);
            Array.Resize(ref _flatDepths, _flatDepths.Length * 2);
        }

        _flat[_flatCount] = new FlatColumn(key, value);
        _flatDepths[_flatCount++] = depth;
        return true;
    }

    /// <summary>Replaces the value of a present key in place, as <c>dict(...)</c> does with a repeated key.</summary>
    public void Overwrite(string key, JsonElement value, int depth)
    {
        var position = _flatIndex[key];
        _flat[position] = new FlatColumn(_flat[position].Name, value);
        _flatDepths[position] = depth;
    }

    /// <summary>flatsplode recurses when any value of the flattened item is a non-empty list.</summary>
    public bool HasNonEmptyList()
    {
        for (var i = 0; i < _flatCount; i++)
        {
            var value = _flat[i].Value;
            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
            {
                return true;
            }
        }

        return false;
    }

    private JsonElement[] RentElementBuffer(int slot, int length)
    {
        while (_elementBuffers.Count <= slot)
        {
            _elementBuffers.Add(new JsonElement[Math.Max(8, length)]);
        }

        if (_elementBuffers[slot].Length < length)
        {
            _elementBuffers[slot] = new JsonElement[length * 2];
        }

        return _elementBuffers[slot];
    }
}
