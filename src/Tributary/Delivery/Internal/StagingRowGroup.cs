using System.Text.Json;
using ParquetSharp;

namespace Tributary.Delivery.Internal;

/// <summary>
/// One row group's worth of staging values, read from newline-delimited JSON rows, kept as UTF-8 for the native
/// Parquet writer: data columns as text (JSON scalars as written, strings unescaped, nested values as compact JSON)
/// and the typed metadata columns. Each row is copied into pinned memory once and its values point into that copy;
/// only escaped strings are unescaped into a copy of their own.
/// </summary>
internal sealed class StagingRowGroup(int dataColumns, int capacity) : IDisposable
{
    private readonly PinnedByteArena _bytes = new();
    private readonly List<OptionalColumn<ByteArray>> _data = [.. Enumerable.Range(0, dataColumns).Select(_ => new OptionalColumn<ByteArray>(capacity))];

    // The data columns of the last row, in order: the next row most likely has the same.
    private readonly List<int> _order = [];

    /// <summary>The data columns; a column first seen while the group is filled is added, null for the rows before it.</summary>
    public IReadOnlyList<OptionalColumn<ByteArray>> Data => _data;

    public OptionalColumn<ByteArray> SourceFile { get; } = new(capacity);

    public OptionalColumn<long> SourceRecord { get; } = new(capacity);

    public OptionalColumn<int> Row { get; } = new(capacity);

    public OptionalColumn<ByteArray> Shard { get; } = new(capacity);

    public OptionalColumn<ByteArray> SequenceNumber { get; } = new(capacity);

    /// <summary>Microseconds since the epoch.</summary>
    public OptionalColumn<long> ArrivalTime { get; } = new(capacity);

    public int Count { get; private set; }

    /// <summary>Empties the group for the next rows: only once the native writer has taken the current ones.</summary>
    public void Clear()
    {
        foreach (var column in _data)
        {
            column.Clear(Count);
        }

        SourceFile.Clear(Count);
        SourceRecord.Clear(Count);
        Row.Clear(Count);
        Shard.Clear(Count);
        SequenceNumber.Clear(Count);
        ArrivalTime.Clear(Count);
        Count = 0;
        _bytes.Rewind();
    }

    public void Dispose()
    {
        foreach (var column in _data)
        {
            column.Dispose();
        }

        SourceFile.Dispose();
        SourceRecord.Dispose();
        Row.Dispose();
        Shard.Dispose();
        SequenceNumber.Dispose();
        ArrivalTime.Dispose();
        _bytes.Dispose();
    }

    public void Add(ReadOnlySpan<byte> line, StagingColumnSet columns)
    {
        var row = Count++;
        var copy = _bytes.Copy(line, out var address);
        var reader = new Utf8JsonReader(copy);
        reader.Read();
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var metadata = StagingColumnSet.MetadataColumn(ref reader);
            if (metadata >= 0)
            {
                reader.Read();
                ReadMetadata(ref reader, address, metadata, row);
                continue;
            }

            var index = columns.IndexOf(ref reader, position < _order.Count ? _order[position] : -1);
            if (position < _order.Count)
            {
                _order[position] = index;
            }
            else
            {
                _order.Add(index);
            }

            position++;
            while (_data.Count <= index)
            {
                _data.Add(new OptionalColumn<ByteArray>(capacity));
            }

            reader.Read();
            if (Value(ref reader, address) is { } value)
            {
                _data[index].Set(row, value);
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
                SourceFile.Set(row, Text(ref reader, address));
                break;
            case 1:
                SourceRecord.Set(row, reader.GetInt64());
                break;
            case 2:
                Row.Set(row, reader.GetInt32());
                break;
            case 3:
                Shard.Set(row, Text(ref reader, address));
                break;
            case 4:
                SequenceNumber.Set(row, Text(ref reader, address));
                break;
            default:
                ArrivalTime.Set(row, checked(reader.GetInt64() * 1000));
                break;
        }
    }

    /// <summary>The value under the reader as staging text, null for JSON null.</summary>
    private ByteArray? Value(ref Utf8JsonReader reader, nint address)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return Text(ref reader, address);
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
    private ByteArray Text(ref Utf8JsonReader reader, nint address)
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
