using System.Runtime.CompilerServices;
using Tributary.Internal.Json;

namespace Tributary.Extract.Internal;

/// <summary>
/// Finds a record's partition key while <see cref="JsonSkipper"/> passes over it, by the splitter's own rules: at each
/// level the member named by the next path segment whose value is an object is entered (leaving it, a later one of
/// that name may be entered); the first string, number or boolean at the last segment is the key; null, an object
/// or an array there is not, and a later member of that name may still be. Escaped names or key strings on the way
/// are left to the reader, which unescapes them. Depths count the record's own object as 1.
/// </summary>
internal struct PartitionKeyHook(byte[][] path) : ISkipHook
{
    private int _matched;
    private int _pending = -1;

    /// <summary>Whether the key was found.</summary>
    public bool Found { get; private set; }

    /// <summary>Where the key's bytes start (a string's body without quotes, a number or literal whole).</summary>
    public int KeyStart { get; private set; }

    /// <summary>The length of the key's bytes.</summary>
    public int KeyLength { get; private set; }

    // The checks that settle almost every token are inlined into the skipper's loop; the rest is called.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Name(ReadOnlySpan<byte> data, int start, int end, int depth) =>
        Found || depth != 1 + _matched || NameAtLevel(data, start, end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Value(ReadOnlySpan<byte> data, int start, int end, int depth) => _pending < 0 || PendingValue(data, start, end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Open(bool isObject, int depth)
    {
        if (_pending >= 0)
        {
            PendingOpen(isObject);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Close(int depth)
    {
        if (_matched > 0 && depth == _matched && !Found)
        {
            _matched--;
        }
    }

    private bool NameAtLevel(ReadOnlySpan<byte> data, int start, int end)
    {
        var name = data[(start + 1)..(end - 1)];
        if (name.Contains((byte)'\\'))
        {
            return false;
        }

        if (name.SequenceEqual(path[_matched]))
        {
            _pending = _matched;
        }

        return true;
    }

    private bool PendingValue(ReadOnlySpan<byte> data, int start, int end)
    {
        var segment = _pending;
        _pending = -1;
        if (segment != path.Length - 1 || data[start] == (byte)'n')
        {
            return true;
        }

        if (data[start] == (byte)'"')
        {
            if (data[(start + 1)..(end - 1)].Contains((byte)'\\'))
            {
                return false;
            }

            (KeyStart, KeyLength) = (start + 1, end - start - 2);
        }
        else
        {
            (KeyStart, KeyLength) = (start, end - start);
        }

        Found = true;
        return true;
    }

    private void PendingOpen(bool isObject)
    {
        if (isObject && _pending != path.Length - 1)
        {
            _matched = _pending + 1;
        }

        _pending = -1;
    }
}
