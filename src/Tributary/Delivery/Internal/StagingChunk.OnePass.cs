using System.Text.Json;
using ParquetSharp;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>The one-pass reader's side of the chunk: values arrive before the envelope's lineage, in one row.</summary>
internal sealed partial class StagingChunk
{
    // The JSON bytes of the one-pass record's values so far (names, colons, quotes and values).
    private long _onePassBytes;

    /// <inheritdoc />
    public void BeginOnePass()
    {
        AbandonRecord();
        _onePassBytes = 0;
    }

    /// <inheritdoc />
    public void OnePassValue(ColumnSlot column, ref Utf8JsonReader reader, ReadOnlySpan<byte> raw)
    {
        ByteArray? value = reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String when reader.ValueIsEscaped => Unescape(ref reader),
            JsonTokenType.String => At(raw[1..^1]),
            _ => At(raw),
        };
        _cells.Add(new Cell(column.Name, value ?? default, value is not null));
        _onePassBytes += column.JsonNameBytes + 3 + raw.Length;
    }

    /// <inheritdoc />
    public void OnePassNull(ColumnSlot column)
    {
        _cells.Add(new Cell(column.Name, default, false));
        _onePassBytes += column.JsonNameBytes + 3 + 4;
    }

    /// <inheritdoc />
    public bool TryEndOnePass(ReadOnlySpan<byte> record, in OnePassLineage lineage, long arrivalMilliseconds)
    {
        // The arrival and lineage rules of BeginRecord; where they would fail, the document path decides.
        if (!ArrivalRange.Holds(arrivalMilliseconds))
        {
            return false;
        }

        var source = lineage.Source.Of(record);
        var shard = lineage.Shard.Of(record);
        var sequence = lineage.Sequence.Of(record);
        try
        {
            _source = source.IsEmpty ? null : Text(source, Staging.StagingColumns.SourceFile);
            _shard = shard.IsEmpty ? null : Text(shard, Staging.StagingColumns.Shard);
            _sequence = sequence.IsEmpty ? null : Text(sequence, Staging.StagingColumns.SequenceNumber);
        }
        catch (TransformFailure)
        {
            return false;
        }

        _index = lineage.Index;
        _arrival = arrivalMilliseconds;
        _recordJsonBytes = RecordJsonBytes(StringJsonBytes(source), lineage.Index, StringJsonBytes(shard), StringJsonBytes(sequence), arrivalMilliseconds);

        // As OnRow counts a record's first row: its number (0), the commas between its properties and its values.
        _pendingJsonBytes = _recordJsonBytes + 1 + _cells.Count + 5 + _onePassBytes;
        _rowEnds.Add(_cells.Count);
        return true;
    }

    /// <summary>A lineage string token's length as JSON, or null's.</summary>
    private static long StringJsonBytes(ReadOnlySpan<byte> raw) => raw.IsEmpty ? 4 : raw.Length;

    private ByteArray Unescape(ref Utf8JsonReader reader)
    {
        var room = _bytes.Reserve(reader.ValueSpan.Length, out var address);
        var written = reader.CopyString(room);
        _bytes.Commit(written);
        return new ByteArray(address, written);
    }
}
