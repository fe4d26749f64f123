using System.Text.Json;
using ParquetSharp;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>
/// The one-pass reader's side of the chunk: values arrive before the envelope's lineage, in one row. They go straight
/// into the columns at row <see cref="Count"/>, which only counts once the record is committed; abandoning the record
/// clears that row and forgets the columns it added.
/// </summary>
internal sealed partial class StagingChunk
{
    // The JSON bytes of the one-pass record's values so far (names, colons, quotes and values).
    private long _onePassBytes;

    // Whether a one-pass row is being written at row Count, and whether its lineage has ended it.
    private bool _onePassOpen;
    private bool _onePassEnded;
    private int _onePassFirstColumn;
    private int _onePassValues;

    /// <inheritdoc />
    public void BeginOnePass()
    {
        AbandonRecord();
        if (Count == _capacity)
        {
            Grow();
        }

        _onePassOpen = true;
        _onePassEnded = false;
        _onePassFirstColumn = _names.Count;
        _onePassValues = 0;
        _onePassBytes = 0;
    }

    /// <inheritdoc />
    public void OnePassValue(ColumnSlot column, OnePassValueKind kind, ReadOnlySpan<byte> raw)
    {
        var data = _columns[IndexOf(column.Name, _onePassValues++)];
        switch (kind)
        {
            case OnePassValueKind.String:
                data.Set(Count, At(raw[1..^1]));
                break;
            case OnePassValueKind.EscapedString:
                data.Set(Count, Unescape(raw));
                break;
            case OnePassValueKind.Verbatim:
                data.Set(Count, At(raw));
                break;
        }

        _onePassBytes += column.JsonNameBytes + 3 + raw.Length;
    }

    /// <inheritdoc />
    public void OnePassNull(ColumnSlot column)
    {
        IndexOf(column.Name, _onePassValues++);
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
        _pendingJsonBytes = _recordJsonBytes + 1 + _onePassValues + 5 + _onePassBytes;
        _onePassEnded = true;
        return true;
    }

    /// <summary>Counts the one-pass row written at row <see cref="Count"/>, with its metadata.</summary>
    private void CommitOnePass()
    {
        _onePassOpen = false;
        var row = Count++;
        SetMetadata(row, 0);
        OldestArrival = Math.Min(OldestArrival, _arrival);
    }

    /// <summary>Clears the one-pass row being written at row <see cref="Count"/> and forgets the columns it added.</summary>
    private void AbandonOnePass()
    {
        _onePassOpen = false;
        Truncate(Count, Count + 1, _onePassFirstColumn);
    }

    /// <summary>A lineage string token's length as JSON, or null's.</summary>
    private static long StringJsonBytes(ReadOnlySpan<byte> raw) => raw.IsEmpty ? 4 : raw.Length;

    /// <summary>An escaped string token's text, unescaped into the arena (the reader vouches that its escapes are valid).</summary>
    private ByteArray Unescape(ReadOnlySpan<byte> raw)
    {
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var room = _bytes.Reserve(raw.Length - 2, out var address);
        var written = reader.CopyString(room);
        _bytes.Commit(written);
        return new ByteArray(address, written);
    }
}
