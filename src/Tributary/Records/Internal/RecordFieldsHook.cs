using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Tributary.Internal.Json;

namespace Tributary.Records.Internal;

/// <summary>
/// Finds the values at <see cref="RecordFields"/>' paths while <see cref="JsonSkipper"/> passes over a whole record,
/// by the reader walk's rules: at each level the first member with the segment's name decides (a later duplicate is
/// not looked at), and a path whose member on the way is not an object is missing. Depths count the record's own
/// object as 1, as the reader's levels do. A member name with an escape at a depth where a path looks is left to the
/// reader, which unescapes it; so is a record with more than <see cref="MaxPaths"/> paths (the caller's check).
/// </summary>
internal struct RecordFieldsHook : ISkipHook
{
    /// <summary>The most paths a hook tracks.</summary>
    public const int MaxPaths = 8;

    private readonly byte[][][] _paths;
    private Segments _matched;
    private Found _values;
    private int _undecided;
    private int _pending;

    // Bit d: an undecided path looks for a member name at depth d; an undecided path is inside the object it entered
    // at depth d (which, when it closes, decides the path as missing). Names and closes elsewhere cost one test.
    private ulong _nameDepths;
    private ulong _enteredDepths;

    public RecordFieldsHook(byte[][][] paths)
    {
        _paths = paths;
        _undecided = (1 << paths.Length) - 1;
        _nameDepths = paths.Length > 0 ? 1UL << 1 : 0;
    }

    /// <summary>Copies the values found (positions in the data the skipper was given) into <paramref name="values"/>.</summary>
    public readonly void CopyTo(Span<FieldValue> values)
    {
        for (var p = 0; p < _paths.Length; p++)
        {
            values[p] = _values[p];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Name(ReadOnlySpan<byte> data, int start, int end, int depth) =>
        ((_nameDepths >> depth) & 1) == 0 || NameAtDepth(data[(start + 1)..(end - 1)], depth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Value(ReadOnlySpan<byte> data, int start, int end, int depth)
    {
        if (_pending != 0)
        {
            PendingValue(data, start, end);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Open(bool isObject, int depth)
    {
        if (_pending != 0)
        {
            PendingOpen(isObject);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Close(int depth)
    {
        if (((_enteredDepths >> depth) & 1) != 0)
        {
            EnteredClosed(depth);
        }
    }

    private bool NameAtDepth(ReadOnlySpan<byte> name, int depth)
    {
        if (name.Contains((byte)'\\'))
        {
            return false;
        }

        for (var p = 0; p < _paths.Length; p++)
        {
            if ((_undecided & (1 << p)) != 0 && _matched[p] + 1 == depth && name.SequenceEqual(_paths[p][_matched[p]]))
            {
                _pending |= 1 << p;
            }
        }

        return true;
    }

    private void PendingValue(ReadOnlySpan<byte> data, int start, int end)
    {
        var value = data[start] switch
        {
            (byte)'"' => new FieldValue(JsonTokenType.String, start + 1, end - start - 2),
            (byte)'n' => default,
            (byte)'t' => new FieldValue(JsonTokenType.True, start, end - start),
            (byte)'f' => new FieldValue(JsonTokenType.False, start, end - start),
            _ => new FieldValue(JsonTokenType.Number, start, end - start),
        };
        for (var pending = _pending; pending != 0; pending &= pending - 1)
        {
            var p = BitOperations.TrailingZeroCount(pending);

            // A scalar at the last segment is the value; on the way, it makes the path missing.
            _values[p] = _matched[p] == _paths[p].Length - 1 ? value : default;
            _undecided &= ~(1 << p);
        }

        _pending = 0;
        Recount();
    }

    private void PendingOpen(bool isObject)
    {
        for (var pending = _pending; pending != 0; pending &= pending - 1)
        {
            var p = BitOperations.TrailingZeroCount(pending);
            if (_matched[p] == _paths[p].Length - 1)
            {
                _values[p] = new FieldValue(isObject ? JsonTokenType.StartObject : JsonTokenType.StartArray, -1, 0);
                _undecided &= ~(1 << p);
            }
            else if (isObject)
            {
                _matched[p]++;
            }
            else
            {
                _undecided &= ~(1 << p);
            }
        }

        _pending = 0;
        Recount();
    }

    /// <summary>The object entered at <paramref name="depth"/> ended without the member a path wanted in it.</summary>
    private void EnteredClosed(int depth)
    {
        for (var p = 0; p < _paths.Length; p++)
        {
            if ((_undecided & (1 << p)) != 0 && _matched[p] == depth)
            {
                _undecided &= ~(1 << p);
            }
        }

        Recount();
    }

    private void Recount()
    {
        _nameDepths = 0;
        _enteredDepths = 0;
        for (var undecided = _undecided; undecided != 0; undecided &= undecided - 1)
        {
            var matched = _matched[BitOperations.TrailingZeroCount(undecided)];
            _nameDepths |= 1UL << (matched + 1);
            _enteredDepths |= matched > 0 ? 1UL << matched : 0;
        }
    }

    [InlineArray(MaxPaths)]
    private struct Segments
    {
        private int _first;
    }

    [InlineArray(MaxPaths)]
    private struct Found
    {
        private FieldValue _first;
    }
}
