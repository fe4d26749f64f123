using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tributary.Delivery.Internal;

/// <summary>
/// One row group's worth of staging values, read from newline-delimited JSON rows: data columns as text (JSON scalars
/// as written, strings unescaped, nested values as compact JSON) and the typed metadata columns. The column arrays
/// are rented (they may be longer than the capacity) and, with the text blocks, given back by <see cref="Dispose"/>
/// once the file is written.
/// </summary>
internal sealed class StagingRowGroup(int dataColumns, int capacity) : IDisposable
{
    private readonly CharArena _chars = new();

    private readonly List<ReadOnlyMemory<char>?[]> _data = [.. Enumerable.Range(0, dataColumns).Select(_ => RentColumn(capacity))];

    /// <summary>The data columns; a column first seen while the group is filled is added, null for the rows before it.</summary>
    public IReadOnlyList<ReadOnlyMemory<char>?[]> Data => _data;

    public ReadOnlyMemory<char>?[] SourceFile { get; } = ArrayPool<ReadOnlyMemory<char>?>.Shared.Rent(capacity);

    public long?[] SourceRecord { get; } = ArrayPool<long?>.Shared.Rent(capacity);

    public int?[] Row { get; } = ArrayPool<int?>.Shared.Rent(capacity);

    public ReadOnlyMemory<char>?[] Shard { get; } = ArrayPool<ReadOnlyMemory<char>?>.Shared.Rent(capacity);

    public ReadOnlyMemory<char>?[] SequenceNumber { get; } = ArrayPool<ReadOnlyMemory<char>?>.Shared.Rent(capacity);

    public DateTime?[] ArrivalTime { get; } = ArrayPool<DateTime?>.Shared.Rent(capacity);

    public int Count { get; private set; }

    public void Clear()
    {
        foreach (var column in Data)
        {
            Array.Clear(column, 0, Count);
        }

        Count = 0;
        _chars.Reset();
    }

    /// <summary>Gives the arrays and text blocks back; call only after the Parquet file is finished.</summary>
    public void Dispose()
    {
        foreach (var column in Data)
        {
            ArrayPool<ReadOnlyMemory<char>?>.Shared.Return(column, clearArray: true);
        }

        ArrayPool<ReadOnlyMemory<char>?>.Shared.Return(SourceFile, clearArray: true);
        ArrayPool<long?>.Shared.Return(SourceRecord);
        ArrayPool<int?>.Shared.Return(Row);
        ArrayPool<ReadOnlyMemory<char>?>.Shared.Return(Shard, clearArray: true);
        ArrayPool<ReadOnlyMemory<char>?>.Shared.Return(SequenceNumber, clearArray: true);
        ArrayPool<DateTime?>.Shared.Return(ArrivalTime);
        _chars.Dispose();
    }

    public void Add(ReadOnlySpan<byte> line, StagingColumnSet columns)
    {
        var row = Count++;
        SourceFile[row] = Shard[row] = SequenceNumber[row] = null;
        SourceRecord[row] = null;
        Row[row] = null;
        ArrivalTime[row] = null;
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var metadata = StagingColumnSet.MetadataColumn(ref reader);
            if (metadata >= 0)
            {
                reader.Read();
                ReadMetadata(ref reader, metadata, row);
                continue;
            }

            var index = columns.IndexOf(ref reader);
            while (_data.Count <= index)
            {
                _data.Add(RentColumn(capacity));
            }

            reader.Read();
            _data[index][row] = ValueText(ref reader, line);
        }
    }

    private static ReadOnlyMemory<char>?[] RentColumn(int capacity)
    {
        var column = ArrayPool<ReadOnlyMemory<char>?>.Shared.Rent(capacity);
        Array.Clear(column);
        return column;
    }

    private void ReadMetadata(ref Utf8JsonReader reader, int column, int row)
    {
        var isNull = reader.TokenType == JsonTokenType.Null;
        switch (column)
        {
            case 0:
                SourceFile[row] = isNull ? null : Text(ref reader);
                break;
            case 1:
                SourceRecord[row] = isNull ? null : reader.GetInt64();
                break;
            case 2:
                Row[row] = isNull ? null : reader.GetInt32();
                break;
            case 3:
                Shard[row] = isNull ? null : Text(ref reader);
                break;
            case 4:
                SequenceNumber[row] = isNull ? null : Text(ref reader);
                break;
            default:
                ArrivalTime[row] = isNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64()).UtcDateTime;
                break;
        }
    }

    private ReadOnlyMemory<char>? ValueText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return Text(ref reader);
            case JsonTokenType.StartArray:
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Transcode(line[start..((int)reader.TokenStartIndex + 1)]);
            default:
                return Transcode(reader.ValueSpan);
        }
    }

    /// <summary>A JSON string's unescaped text (never longer in chars than its UTF-8 bytes).</summary>
    private ReadOnlyMemory<char> Text(ref Utf8JsonReader reader)
    {
        var room = _chars.Reserve(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
        return _chars.Commit(room, reader.CopyString(room.Span));
    }

    private ReadOnlyMemory<char> Transcode(ReadOnlySpan<byte> utf8)
    {
        var room = _chars.Reserve(utf8.Length);
        return _chars.Commit(room, Encoding.UTF8.GetChars(utf8, room.Span));
    }
}
