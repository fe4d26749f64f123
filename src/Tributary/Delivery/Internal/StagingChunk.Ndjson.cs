using System.Text.Json;
using ParquetSharp;

namespace Tributary.Delivery.Internal;

/// <summary>The rows of a remote transform: newline-delimited JSON, read into the same columns as flattened records.</summary>
internal sealed partial class StagingChunk
{
    /// <summary>
    /// Adds one staging row written as a JSON object: data values as staging text (JSON scalars as written, strings
    /// unescaped, nested values as compact JSON), the six metadata columns by name, any other or escaped name as a
    /// data column (a column first seen here is null for the rows before). The row is copied into pinned memory once
    /// and its values point into that copy; only escaped strings are unescaped into a copy of their own.
    /// </summary>
    public void AddNdjsonRow(ReadOnlySpan<byte> line, NdjsonColumnNames names)
    {
        if (Count == _capacity)
        {
            Grow();
        }

        var row = Count++;
        var copy = _bytes.Copy(line, out var address);
        var reader = new Utf8JsonReader(copy);
        reader.Read();
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var metadata = NdjsonColumnNames.MetadataColumn(ref reader);
            if (metadata >= 0)
            {
                reader.Read();
                ReadMetadata(ref reader, address, metadata, row);
                continue;
            }

            var column = _columns[IndexOf(names.Name(ref reader, position), position)];
            position++;
            reader.Read();
            if (JsonValue(ref reader, address) is { } value)
            {
                column.Set(row, value);
            }
        }
    }

    private void ReadMetadata(ref Utf8JsonReader reader, nint address, int column, int row)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        switch (column)
        {
            case 0:
                SourceFile.Set(row, JsonText(ref reader, address));
                break;
            case 1:
                SourceRecord.Set(row, reader.GetInt64());
                break;
            case 2:
                Row.Set(row, reader.GetInt32());
                break;
            case 3:
                Shard.Set(row, JsonText(ref reader, address));
                break;
            case 4:
                SequenceNumber.Set(row, JsonText(ref reader, address));
                break;
            default:
                var arrival = reader.GetInt64();
                ArrivalTime.Set(row, checked(arrival * 1000));
                OldestArrival = Math.Min(OldestArrival, arrival);
                break;
        }
    }

    /// <summary>The value under the reader as staging text, null for JSON null.</summary>
    private ByteArray? JsonValue(ref Utf8JsonReader reader, nint address)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return JsonText(ref reader, address);
            case JsonTokenType.StartArray:
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return new ByteArray(address + start, (int)reader.TokenStartIndex + 1 - start);
            default:
                return new ByteArray(address + (int)reader.TokenStartIndex, reader.ValueSpan.Length);
        }
    }

    /// <summary>A JSON string's unescaped UTF-8: in place when it has no escapes, else a copy (never longer than the escaped text).</summary>
    private ByteArray JsonText(ref Utf8JsonReader reader, nint address)
    {
        if (!reader.ValueIsEscaped)
        {
            return new ByteArray(address + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        }

        var room = _bytes.Reserve(reader.ValueSpan.Length, out var at);
        var written = reader.CopyString(room);
        _bytes.Commit(written);
        return new ByteArray(at, written);
    }
}
