using System.Text.Json;
using ParquetSharp;
using Tributary.Staging;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>The rows of a remote transform: newline-delimited JSON, read into the same columns as flattened records.</summary>
internal sealed partial class StagingChunk
{
    /// <summary>
    /// Adds the staging rows of one record (a remote transform's newline-delimited JSON for it), all or none: a row
    /// that cannot be staged leaves the chunk as it was before the record and throws. Each row is a JSON object: data
    /// values as staging text (JSON scalars as written, strings unescaped, nested values as compact JSON), the six
    /// metadata columns by name, any other name as a data column (a column first seen here is null for the rows
    /// before). The rows are copied into pinned memory once and their values point into that copy; only escaped
    /// strings are unescaped into a copy of their own.
    /// </summary>
    /// <returns>The number of rows added.</returns>
    /// <exception cref="TransformFailure">
    /// A row is not a JSON object, has a metadata value of the wrong type or out of range, a string that is not valid
    /// Unicode text, or an escaped data column name that decodes to a metadata column's name.
    /// </exception>
    public int AddNdjsonRecord(ReadOnlySpan<byte> rows, NdjsonColumnNames names)
    {
        var firstRow = Count;
        var firstColumn = _names.Count;
        var oldest = long.MaxValue;
        var line = 0;
        try
        {
            var rest = rows;
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf((byte)'\n');
                var row = end < 0 ? rest : rest[..end];
                rest = end < 0 ? [] : rest[(end + 1)..];
                if (!row.IsEmpty)
                {
                    line++;
                    AddNdjsonRow(row, names, ref oldest);
                }
            }
        }
        catch (Exception e) when (e is TransformFailure or JsonException or InvalidOperationException or FormatException)
        {
            Truncate(firstRow, Count, firstColumn);
            var code = e is TransformFailure failure ? failure.ErrorCode : TransformErrorCodes.InvalidJson;
            throw new TransformFailure(code, $"Row {line} of its transformed data cannot be staged: {e.Message}");
        }

        OldestArrival = Math.Min(OldestArrival, oldest);
        return Count - firstRow;
    }

    private void AddNdjsonRow(ReadOnlySpan<byte> line, NdjsonColumnNames names, ref long oldest)
    {
        if (Count == _capacity)
        {
            Grow();
        }

        var row = Count++;
        var copy = _bytes.Copy(line, out var address);
        var reader = new Utf8JsonReader(copy);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new TransformFailure(TransformErrorCodes.NotAnObject, "the row is not a JSON object.");
        }

        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var metadata = NdjsonColumnNames.MetadataColumn(ref reader);
            if (metadata >= 0)
            {
                reader.Read();
                ReadMetadata(ref reader, address, metadata, row, ref oldest);
                continue;
            }

            var name = ColumnName(ref reader, names, position);
            var column = _columns[IndexOf(name, position)];
            position++;
            reader.Read();
            if (JsonValue(ref reader, address, name) is { } value)
            {
                column.Set(row, value);
            }
        }

        // Reading on past the object's end throws when anything but white space follows it.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new TransformFailure(TransformErrorCodes.InvalidJson, "the row is not one JSON object.");
        }
    }

    private static string ColumnName(ref Utf8JsonReader reader, NdjsonColumnNames names, int position)
    {
        string name;
        try
        {
            name = names.Name(ref reader, position);
        }
        catch (InvalidOperationException e)
        {
            throw new TransformFailure(TransformErrorCodes.InvalidJson, $"a column name has an escape sequence that is not valid Unicode text: {e.Message}");
        }

        if (name.Length == 0 || (name[0] == '_' && StagingColumns.IsReserved(name)))
        {
            // Only names written as the metadata columns' are metadata: an escaped spelling would be a second column of the same name.
            throw new TransformFailure(
                TransformErrorCodes.InvalidColumnName,
                name.Length == 0
                    ? "a column has an empty name."
                    : $"the column name \"{System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}\" decodes to '{name}', the name of a staging metadata column.");
        }

        return name;
    }

    private void ReadMetadata(ref Utf8JsonReader reader, nint address, int column, int row, ref long oldest)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        var name = StagingColumns.All[column];
        switch (column)
        {
            case 0:
                SourceFile.Set(row, MetadataText(ref reader, address, name));
                break;
            case 1:
                SourceRecord.Set(row, MetadataNumber(ref reader, name));
                break;
            case 2:
                var rowNumber = MetadataNumber(ref reader, name);
                Row.Set(row, rowNumber is >= int.MinValue and <= int.MaxValue
                    ? (int)rowNumber
                    : throw new TransformFailure(TransformErrorCodes.InvalidJson, $"'{name}' is {rowNumber}, out of range for an int32."));
                break;
            case 3:
                Shard.Set(row, MetadataText(ref reader, address, name));
                break;
            case 4:
                SequenceNumber.Set(row, MetadataText(ref reader, address, name));
                break;
            default:
                var arrival = MetadataNumber(ref reader, name);
                ArrivalRange.Check(arrival);
                ArrivalTime.Set(row, arrival * 1000);
                oldest = Math.Min(oldest, arrival);
                break;
        }
    }

    private ByteArray MetadataText(ref Utf8JsonReader reader, nint address, string name) =>
        reader.TokenType == JsonTokenType.String
            ? JsonText(ref reader, address, name)
            : throw new TransformFailure(TransformErrorCodes.InvalidJson, $"'{name}' must be a string or null, not {reader.TokenType}.");

    private static long MetadataNumber(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new TransformFailure(TransformErrorCodes.InvalidJson, $"'{name}' must be an integer or null, not {reader.TokenType}.");

    /// <summary>The value under the reader as staging text, null for JSON null.</summary>
    private ByteArray? JsonValue(ref Utf8JsonReader reader, nint address, string name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return JsonText(ref reader, address, name);
            case JsonTokenType.StartArray:
            case JsonTokenType.StartObject:
                // Kept as its JSON text: an escape in it stays an escape, so the text is valid UTF-8 whatever it says.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return new ByteArray(address + start, (int)reader.TokenStartIndex + 1 - start);
            default:
                return new ByteArray(address + (int)reader.TokenStartIndex, reader.ValueSpan.Length);
        }
    }

    /// <summary>A JSON string's unescaped UTF-8: in place when it has no escapes, else a copy (never longer than the escaped text).</summary>
    private ByteArray JsonText(ref Utf8JsonReader reader, nint address, string name)
    {
        if (!reader.ValueIsEscaped)
        {
            return new ByteArray(address + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        }

        var room = _bytes.Reserve(reader.ValueSpan.Length, out var at);
        int written;
        try
        {
            written = reader.CopyString(room);
        }
        catch (InvalidOperationException e)
        {
            throw NotUnicode(name, e);
        }

        _bytes.Commit(written);
        return new ByteArray(at, written);
    }

    private static TransformFailure NotUnicode(string name, InvalidOperationException e) =>
        new(TransformErrorCodes.InvalidJson, $"the value of '{name}' has an escape sequence that is not valid Unicode text: {e.Message}");

    /// <summary>
    /// Forgets rows <paramref name="firstRow"/> to <paramref name="endRow"/> (excluded, the last ones written) and every
    /// data column from <paramref name="firstColumn"/>; the chunk then holds <paramref name="firstRow"/> rows.
    /// </summary>
    private void Truncate(int firstRow, int endRow, int firstColumn)
    {
        for (var i = 0; i < _names.Count; i++)
        {
            _columns[i].Truncate(firstRow, endRow);
        }

        SourceFile.Truncate(firstRow, endRow);
        SourceRecord.Truncate(firstRow, endRow);
        Row.Truncate(firstRow, endRow);
        Shard.Truncate(firstRow, endRow);
        SequenceNumber.Truncate(firstRow, endRow);
        ArrivalTime.Truncate(firstRow, endRow);
        for (var i = _names.Count - 1; i >= firstColumn; i--)
        {
            _indexes.Remove(_names[i]);
            _names.RemoveAt(i);
        }

        // The column order of the last row may name a column just forgotten.
        _order.Clear();
        Count = firstRow;
    }
}
