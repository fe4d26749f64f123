using System.Text;
using System.Text.Json;

namespace Tributary.Delivery.Internal;

/// <summary>
/// The data column names of a delivery's newline-delimited JSON rows, as one string instance per name (so that
/// <see cref="StagingChunk"/> finds a repeated name by reference). Rows of one delivery mostly repeat their columns in
/// the same order: the name expected at a position is found by one comparison of its UTF-8 bytes, without allocating.
/// </summary>
internal sealed class NdjsonColumnNames
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _names = [];
    private readonly List<byte[]> _utf8Names = [];

    // The names of the last row by data column position.
    private readonly List<int> _order = [];
    private char[] _scratch = new char[256];

    public NdjsonColumnNames()
    {
        _lookup = _indexes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Which metadata column the property name under the reader is (0–5 in write order), or -1 for a data column.</summary>
    /// <remarks>An escaped name is a data column, as it always was: only the names as the transforms write them are metadata.</remarks>
    public static int MetadataColumn(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length < 4 || reader.ValueSpan[0] != (byte)'_')
        {
            return -1;
        }

        return reader.ValueSpan switch
        {
            var name when name.SequenceEqual("_source_file"u8) => 0,
            var name when name.SequenceEqual("_source_record"u8) => 1,
            var name when name.SequenceEqual("_row"u8) => 2,
            var name when name.SequenceEqual("_shard"u8) => 3,
            var name when name.SequenceEqual("_sequence_number"u8) => 4,
            var name when name.SequenceEqual("_arrival_time"u8) => 5,
            _ => -1,
        };
    }

    /// <summary>The (data) property name under the reader, unescaped, at data column <paramref name="position"/> of its row.</summary>
    public string Name(ref Utf8JsonReader reader, int position)
    {
        var expected = position < _order.Count ? _order[position] : -1;
        var index = expected >= 0 && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual(_utf8Names[expected])
            ? expected
            : Lookup(ref reader);
        if (position < _order.Count)
        {
            _order[position] = index;
        }
        else
        {
            _order.Add(index);
        }

        return _names[index];
    }

    private int Lookup(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_scratch.Length < length)
        {
            _scratch = new char[length * 2];
        }

        var written = reader.CopyString(_scratch);
        var name = _scratch.AsSpan(0, written);
        if (_lookup.TryGetValue(name, out var index))
        {
            return index;
        }

        var added = name.ToString();
        _indexes.Add(added, _names.Count);
        _names.Add(added);
        _utf8Names.Add(Encoding.UTF8.GetBytes(added));
        return _names.Count - 1;
    }
}
