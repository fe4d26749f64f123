using System.Text;
using System.Text.Json;

namespace Tributary.Delivery.Internal;

/// <summary>
/// The union of the data columns of a batch's rows, in order of first appearance (schema drift is kept). Names are
/// looked up from UTF-8 without allocating once a column is known.
/// </summary>
internal sealed class StagingColumnSet
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _names = [];
    private readonly List<byte[]> _utf8Names = [];
    private char[] _scratch = new char[256];

    public StagingColumnSet()
    {
        _lookup = _indexes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<string> Names => _names;

    /// <summary>Adds the data columns of every row of a newline-delimited JSON blob; returns its number of rows.</summary>
    public int AddColumnsOf(ReadOnlySpan<byte> ndjson)
    {
        var rows = 0;
        var reader = new Utf8JsonReader(ndjson, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 0)
            {
                rows++;
            }
            else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (MetadataColumn(ref reader) < 0)
                {
                    IndexOf(ref reader);
                }

                reader.Read();
                reader.Skip();
            }
        }

        return rows;
    }

    /// <summary>Which metadata column the property name under the reader is (0–5 in write order), or -1 for a data column.</summary>
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

    /// <summary>
    /// The column index of the (data) property name under the reader, adding it when new. Rows of one batch mostly
    /// repeat their columns in the same order: when the name is column <paramref name="expected"/>, one comparison of
    /// its UTF-8 bytes finds it.
    /// </summary>
    public int IndexOf(ref Utf8JsonReader reader, int expected = -1)
    {
        if ((uint)expected < (uint)_utf8Names.Count && !reader.ValueIsEscaped && !reader.HasValueSequence &&
            reader.ValueSpan.SequenceEqual(_utf8Names[expected]))
        {
            return expected;
        }

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
