using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using ParquetSharp;
using Tributary.Flatten;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>
/// The staging rows of one in-process transform invocation, in columns ready for the native Parquet writer: records
/// are flattened straight into it, with no JSON rows written and read again. Each record is copied once into pinned
/// memory and its values are given by address into that copy (only escaped strings are unescaped into a copy of
/// their own). Data columns are in order of first appearance; a record's rows are kept only when it is committed, so a
/// record that fails adds no row and no column.
/// </summary>
internal sealed partial class StagingChunk : IStagingRecordSink, IDisposable
{
    private const int InitialCapacity = 1024;
    private const int MaxCachedNames = 50_000;

    // The response a remote transform would return is JSON written with this encoder (see NdjsonRowWriter).
    private static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly int MetadataNameBytes = Staging.StagingColumns.All.Sum(n => JsonEncodedText.Encode(n, JsonEncoder).EncodedUtf8Bytes.Length + 3);

    private readonly PinnedByteArena _bytes = new();
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<OptionalColumn<ByteArray>> _columns = [];

    // The data columns of the last row, in order: the next row most likely has the same.
    private readonly List<int> _order = [];

    // Flattened keys are canonical instances, repeated record after record: measure each once, and remember the
    // names of the last row by position, since the next row most likely has the same.
    private readonly Dictionary<string, int> _jsonNameBytes = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string Name, int JsonBytes)> _lastRowNames = [];

    // The rows of the record being transformed: its cells, and where each row's cells end.
    private readonly List<Cell> _cells = [];
    private readonly List<int> _rowEnds = [];
    private ByteArray? _source;
    private ByteArray? _shard;
    private ByteArray? _sequence;
    private long? _index;
    private long _arrival;
    private long _recordJsonBytes;
    private long _pendingJsonBytes;
    private int _capacity = InitialCapacity;

    public StagingChunk()
    {
        SourceFile = new(_capacity);
        SourceRecord = new(_capacity);
        Row = new(_capacity);
        Shard = new(_capacity);
        SequenceNumber = new(_capacity);
        ArrivalTime = new(_capacity);
    }

    /// <summary>The data columns, in order of first appearance.</summary>
    public IReadOnlyList<string> Names => _names;

    public OptionalColumn<ByteArray> SourceFile { get; }

    public OptionalColumn<long> SourceRecord { get; }

    public OptionalColumn<int> Row { get; }

    public OptionalColumn<ByteArray> Shard { get; }

    public OptionalColumn<ByteArray> SequenceNumber { get; }

    /// <summary>Microseconds since the epoch.</summary>
    public OptionalColumn<long> ArrivalTime { get; }

    /// <summary>The rows committed so far.</summary>
    public int Count { get; private set; }

    /// <summary>The earliest stream arrival time of a committed record, in epoch milliseconds (<see cref="long.MaxValue"/> when none).</summary>
    public long OldestArrival { get; private set; } = long.MaxValue;

    /// <inheritdoc />
    public long PendingJsonBytes => _pendingJsonBytes;

    /// <summary>The values of data column <paramref name="index"/> (see <see cref="Names"/>).</summary>
    public OptionalColumn<ByteArray> Data(int index) => _columns[index];

    /// <inheritdoc />
    public ReadOnlyMemory<byte> Hold(ReadOnlyMemory<byte> record, bool pinned) => pinned ? record : _bytes.Hold(record.Span);

    /// <inheritdoc />
    public void BeginRecord(in RawLineage lineage, long arrivalMilliseconds)
    {
        AbandonRecord();
        ArrivalRange.Check(arrivalMilliseconds);

        _source = Text(lineage.Source, Staging.StagingColumns.SourceFile);
        _shard = Text(lineage.Shard, Staging.StagingColumns.Shard);
        _sequence = Text(lineage.Sequence, Staging.StagingColumns.SequenceNumber);
        _index = lineage.Index;
        _arrival = arrivalMilliseconds;
        _pendingJsonBytes = 0;
        _recordJsonBytes = RecordJsonBytes(
            StringJsonBytes(lineage.Source), lineage.Index, StringJsonBytes(lineage.Shard), StringJsonBytes(lineage.Sequence), arrivalMilliseconds);
    }

    /// <inheritdoc />
    public void OnRow(ReadOnlySpan<FlatColumn> columns)
    {
        var bytes = _recordJsonBytes + NumberJsonBytes(_rowEnds.Count) + columns.Length + 5; // commas between properties
        for (var position = 0; position < columns.Length; position++)
        {
            var column = columns[position];
            var value = Value(column);
            _cells.Add(new Cell(column.Name, value ?? default, value is not null));
            bytes += JsonNameBytes(column.Name, position) + 3 + (column.IsNull ? 4 : JsonMarshal.GetRawUtf8Value(column.Value).Length);
        }

        _rowEnds.Add(_cells.Count);
        _pendingJsonBytes += bytes;
    }

    /// <inheritdoc />
    public void CommitRecord()
    {
        if (_onePassOpen)
        {
            if (!_onePassEnded)
            {
                throw new InvalidOperationException("The one-pass record was not ended.");
            }

            CommitOnePass();
            ClearPending();
            return;
        }

        var start = 0;
        for (var rowInRecord = 0; rowInRecord < _rowEnds.Count; rowInRecord++)
        {
            if (Count == _capacity)
            {
                Grow();
            }

            var row = Count++;
            var end = _rowEnds[rowInRecord];
            for (var i = start; i < end; i++)
            {
                var cell = _cells[i];
                var column = _columns[IndexOf(cell.Name, i - start)];
                if (cell.HasValue)
                {
                    column.Set(row, cell.Value);
                }
            }

            start = end;
            SetMetadata(row, rowInRecord);
        }

        if (_rowEnds.Count > 0)
        {
            OldestArrival = Math.Min(OldestArrival, _arrival);
        }

        ClearPending();
    }

    /// <inheritdoc />
    public void AbandonRecord()
    {
        if (_onePassOpen)
        {
            AbandonOnePass();
        }

        ClearPending();
    }

    private void SetMetadata(int row, int rowInRecord)
    {
        SetIfPresent(SourceFile, row, _source);
        if (_index is { } index)
        {
            SourceRecord.Set(row, index);
        }

        Row.Set(row, rowInRecord);
        SetIfPresent(Shard, row, _shard);
        SetIfPresent(SequenceNumber, row, _sequence);
        ArrivalTime.Set(row, _arrival * 1000);
    }

    private void ClearPending()
    {
        _cells.Clear();
        _rowEnds.Clear();
        _pendingJsonBytes = 0;
    }

    /// <summary>Empties the chunk for another invocation: only once the native writer is done with its values.</summary>
    public void Reset()
    {
        _onePassOpen = false;
        foreach (var column in _columns)
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
        OldestArrival = long.MaxValue;
        _names.Clear();
        _indexes.Clear();
        _order.Clear();
        AbandonRecord();
        _bytes.Rewind();
        if (_jsonNameBytes.Count > MaxCachedNames)
        {
            _jsonNameBytes.Clear();
            _lastRowNames.Clear();
        }
    }

    public void Dispose()
    {
        foreach (var column in _columns)
        {
            column.Dispose();
        }

        _columns.Clear();
        SourceFile.Dispose();
        SourceRecord.Dispose();
        Row.Dispose();
        Shard.Dispose();
        SequenceNumber.Dispose();
        ArrivalTime.Dispose();
        _bytes.Dispose();
    }

    private static void SetIfPresent(OptionalColumn<ByteArray> column, int row, ByteArray? value)
    {
        if (value is { } present)
        {
            column.Set(row, present);
        }
    }

    /// <summary>The column index of a data column name at a row position, adding the column when new.</summary>
    private int IndexOf(string name, int position)
    {
        if (position < _order.Count && ReferenceEquals(_names[_order[position]], name))
        {
            return _order[position];
        }

        if (!_indexes.TryGetValue(name, out var index))
        {
            index = _names.Count;
            _names.Add(name);
            _indexes.Add(name, index);
            if (index == _columns.Count)
            {
                _columns.Add(new OptionalColumn<ByteArray>(_capacity));
            }
            else
            {
                _columns[index].EnsureCapacity(_capacity);
            }
        }

        if (position < _order.Count)
        {
            _order[position] = index;
        }
        else
        {
            _order.Add(index);
        }

        return index;
    }

    private void Grow()
    {
        _capacity *= 2;
        for (var i = 0; i < _names.Count; i++)
        {
            _columns[i].EnsureCapacity(_capacity);
        }

        SourceFile.EnsureCapacity(_capacity);
        SourceRecord.EnsureCapacity(_capacity);
        Row.EnsureCapacity(_capacity);
        Shard.EnsureCapacity(_capacity);
        SequenceNumber.EnsureCapacity(_capacity);
        ArrivalTime.EnsureCapacity(_capacity);
    }

    /// <summary>A flattened value as staging text: JSON scalars as written, strings unescaped, nested values as their JSON.</summary>
    private ByteArray? Value(FlatColumn column) => column.Value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => Text(column.Value, column.Name),
        _ => At(JsonMarshal.GetRawUtf8Value(column.Value)),
    };

    /// <summary>A JSON string's unescaped UTF-8: in place when it has no escapes, else a copy; null when not a string.</summary>
    private ByteArray? Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? Text(JsonMarshal.GetRawUtf8Value(value), name) : null;

    /// <summary>A JSON string token's unescaped UTF-8 (quotes included in <paramref name="raw"/>): in place when it has no escapes, else a copy.</summary>
    private ByteArray Text(ReadOnlySpan<byte> raw, string name)
    {
        var text = raw[1..^1];
        if (!text.Contains((byte)'\\'))
        {
            return At(text);
        }

        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var room = _bytes.Reserve(text.Length, out var address);
        int written;
        try
        {
            written = reader.CopyString(room);
        }
        catch (InvalidOperationException e)
        {
            throw new TransformFailure(
                TransformErrorCodes.InvalidJson, $"The value of '{name}' has an escape sequence that is not valid Unicode text: {e.Message}");
        }

        _bytes.Commit(written);
        return new ByteArray(address, written);
    }

    /// <summary>The address of a slice of the pinned record copy (see <see cref="Hold"/>).</summary>
    private static unsafe ByteArray At(ReadOnlySpan<byte> pinned) =>
        new((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(pinned)), pinned.Length);

    /// <summary>The length of a column name written as JSON; checks the name when it is not the last row's at this position.</summary>
    private int JsonNameBytes(string name, int position)
    {
        if (position < _lastRowNames.Count && ReferenceEquals(_lastRowNames[position].Name, name))
        {
            return _lastRowNames[position].JsonBytes;
        }

        StagingColumnName.Check(name);
        if (!_jsonNameBytes.TryGetValue(name, out var length))
        {
            length = JsonEncodedText.Encode(name, JsonEncoder).EncodedUtf8Bytes.Length;
            _jsonNameBytes.Add(name, length);
        }

        if (position < _lastRowNames.Count)
        {
            _lastRowNames[position] = (name, length);
        }
        else
        {
            _lastRowNames.Add((name, length));
        }

        return length;
    }

    /// <summary>A record's metadata in a JSON row (names, values, braces and newline), given its strings' JSON lengths.</summary>
    private static long RecordJsonBytes(long sourceBytes, long? index, long shardBytes, long sequenceBytes, long arrivalMilliseconds) =>
        MetadataNameBytes + sourceBytes + NumberJsonBytes(index) + shardBytes + sequenceBytes + NumberJsonBytes(arrivalMilliseconds) + 3;

    private static long StringJsonBytes(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? JsonMarshal.GetRawUtf8Value(value).Length : 4;

    private static long NumberJsonBytes(long? value) => value is { } number ? JsonNumberLength.Of(number) : 4;

    private readonly record struct Cell(string Name, ByteArray Value, bool HasValue);
}
