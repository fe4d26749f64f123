using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Tributary.Internal.Json;
using Tributary.Streaming.Internal;

namespace Tributary.Extract.Internal;

/// <summary>
/// Splits a stream of JSON into its records (one per JSON object) in bounded memory: a top-level array of objects,
/// JSON Lines / concatenated objects, or a single object. Bytes are read into a pooled buffer that holds at most one
/// record plus a read-ahead; a record larger than the limit is skipped token by token and reported as oversized.
/// Each record's bytes are exactly those of the source.
/// </summary>
internal sealed class JsonRecordSplitter : IDisposable
{
    private const int InitialBuffer = 1 << 20;
    private static readonly string[] NoPath = [];
    private readonly System.IO.Stream _input;
    private readonly int _maxRecordBytes;
    private readonly byte[][] _keyPath;
    private readonly PartitionKeyStrings _keys = new();
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferBase;
    private bool _final;
    private bool _started;
    private JsonReaderState _state;
    private Mode _mode;
    private int _recordDepth;
    private int _recordStart = -1;
    private bool _skipping;
    private int _matched;
    private int _pendingSegment = -1;
    private string? _key;
    private bool _keyResolved;
    private long _recordOffset;
    private readonly int _maxDepth;
    private readonly bool _canSkip;
    private JsonSkipState _skip;
    private bool _skipActive;
    private bool _skipDeclined;
    private int _skipClosers;
    private bool _skipFindsKey;
    private PartitionKeyHook _keyHook;

    /// <param name="input">The (decompressed) data.</param>
    /// <param name="maxRecordBytes">The largest record kept; a larger one is read through and reported by its size.</param>
    /// <param name="maxDepth">The deepest nesting accepted.</param>
    /// <param name="keyPath">The member names leading to the partition key, or none.</param>
    /// <param name="useSkipper">Whether a record is passed over by <see cref="JsonSkipper"/> once its key is known (tests turn it off to compare).</param>
    public JsonRecordSplitter(System.IO.Stream input, int maxRecordBytes, int maxDepth, IReadOnlyList<string>? keyPath, bool useSkipper = true)
    {
        _input = input;
        _maxRecordBytes = maxRecordBytes;
        _keyPath = [.. (keyPath ?? NoPath).Select(Encoding.UTF8.GetBytes)];
        _maxDepth = maxDepth;
        _canSkip = useSkipper && ReaderStates.Available;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        _state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
    }

    private enum Mode
    {
        Unknown,
        Array,
        ArrayEnded,
        Objects,
    }

    /// <summary>The current record's bytes (empty when <see cref="OversizedBytes"/> is set); valid until the next move.</summary>
    public ReadOnlySpan<byte> Current => _recordStart < 0 || _skipping ? default : _buffer.AsSpan(_recordStart, _currentLength);

    /// <summary>The 0-based position of the current record in the file.</summary>
    public long Index { get; private set; } = -1;

    /// <summary>The byte offset of the current record in the (decompressed) data.</summary>
    public long Offset => _recordOffset;

    /// <summary>The current record's partition-key value found at the key path, or <see langword="null"/>.</summary>
    public string? Key => _key;

    /// <summary>The size of the current record when it was too large to keep, else 0.</summary>
    public long OversizedBytes { get; private set; }

    /// <summary>Bytes read from the input so far (decompressed).</summary>
    public long BytesRead => _bufferBase + _end;

    private int _currentLength;

    /// <summary>Moves to the next record; false at the end of the data.</summary>
    /// <exception cref="SourceFormatException">The data is not JSON objects; the exception says where and what was expected.</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (_recordStart >= 0)
        {
            // The previous record was handed out; its bytes may now be dropped.
            _recordStart = -1;
            _skipping = false;
        }

        OversizedBytes = 0;
        while (true)
        {
            var outcome = Advance();
            if (outcome == Outcome.Record)
            {
                Index++;
                return true;
            }

            if (outcome == Outcome.End)
            {
                return false;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private enum Outcome
    {
        Record,
        NeedData,
        End,
    }

    private Outcome Advance()
    {
        if (!_started)
        {
            return Outcome.NeedData;
        }

        if (_skipActive && ContinueSkip() is { } skipped)
        {
            return skipped;
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            while (reader.Read())
            {
                if (_keyResolved && _recordStart >= 0 && !ReadToRecordEnd(ref reader))
                {
                    break;
                }

                if (HandleToken(ref reader))
                {
                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    return Outcome.Record;
                }

                if (_recordStart >= 0 && (_keyResolved || _start + reader.TokenStartIndex == _recordStart) && TryBeginSkip(ref reader))
                {
                    if (ContinueSkip() is { } outcome)
                    {
                        return outcome;
                    }

                    // The skipper left the record to the reader: read it from where the skip began.
                    reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
                }
            }
        }
        catch (JsonException ex)
        {
            var at = _bufferBase + _start + reader.BytesConsumed;
            if (_final && EndsInsideValue(_buffer.AsSpan(_start + (int)reader.BytesConsumed, _end - _start - (int)reader.BytesConsumed), reader.CurrentState))
            {
                throw new SourceFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"the data ends inside a JSON value at byte {BytesRead} (the file is truncated)"),
                    BytesRead,
                    Expected(),
                    ex);
            }

            throw new SourceFormatException(
                string.Create(CultureInfo.InvariantCulture, $"invalid JSON near byte {at} (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line): {ex.Message}"),
                at,
                Expected(),
                ex);
        }

        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (!_final)
        {
            return Outcome.NeedData;
        }

        if (_mode == Mode.Unknown)
        {
            throw new SourceFormatException("the file holds no JSON value (it is empty or only whitespace)", BytesRead, "a JSON object, an array of objects, or JSON Lines");
        }

        if (_mode == Mode.Array || _recordStart >= 0)
        {
            throw new SourceFormatException("the data ends inside a JSON value (the file is truncated)", BytesRead, Expected());
        }

        return Outcome.End;
    }

    /// <summary>
    /// Once the partition key is known (or there is none) nothing in the record matters but where it ends and whether
    /// it is valid: the skipper finds both without the reader's per-token work. Starts it just after the reader's
    /// current token, which becomes the point the reader goes on from should the skipper leave the record to it.
    /// </summary>
    private bool TryBeginSkip(ref Utf8JsonReader reader)
    {
        if (!_canSkip || _skipping || _skipDeclined)
        {
            return false;
        }

        // Every container open inside the record is an object on the key path (the record itself included).
        var type = reader.TokenType;
        var objects = reader.CurrentDepth - _recordDepth + (type == JsonTokenType.StartObject ? 1 : 0);
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (!JsonSkipState.TryAfterToken(type, _start - _recordStart, objects, _recordDepth, out _skip) || type is JsonTokenType.StartArray or JsonTokenType.PropertyName)
        {
            _skipDeclined = true;
            return true;
        }

        _skipClosers = objects;
        _skipActive = true;

        // At the record's opening brace with the key still to find, the skipper looks for it on the way.
        _skipFindsKey = !_keyResolved;
        _keyHook = new PartitionKeyHook(_keyPath);
        return true;
    }

    /// <summary>
    /// Runs the skipper on over the record: the record when it ends, <see cref="Outcome.NeedData"/> when the data ends
    /// first, or <see langword="null"/> when the reader must read the record on from <see cref="_start"/> (the skipper
    /// doubts it, or the file ends inside it: the reader words the error).
    /// </summary>
    private Outcome? ContinueSkip()
    {
        if (_skipDeclined)
        {
            return null;
        }

        var record = _buffer.AsSpan(_recordStart, _end - _recordStart);
        var outcome = _skipFindsKey
            ? JsonSkipper.Skip(record, ref _skip, _maxDepth, ref _keyHook)
            : JsonSkipper.Skip(record, ref _skip, _maxDepth);
        if (outcome == SkipOutcome.NeedMore && !_final)
        {
            return Outcome.NeedData;
        }

        _skipActive = false;
        if (outcome != SkipOutcome.Done)
        {
            _skipDeclined = true;
            return null;
        }

        if (_skipFindsKey && _keyHook.Found)
        {
            _key = _keys.Get(record.Slice(_keyHook.KeyStart, _keyHook.KeyLength));
        }

        var end = _recordStart + _skip.Position;
        var skipped = end - _start;
        var afterLastLineFeed = _skip.LineFeeds > 0 ? end - (_recordStart + _skip.LastLineFeed + 1) : 0;
        _state = ReaderStates.AfterObjects(_state, _skipClosers, skipped, _skip.LineFeeds, afterLastLineFeed);
        _start = end;
        _currentLength = end - _recordStart;
        return Outcome.Record;
    }

    /// <summary>
    /// An escaped key string, unescaped; <see langword="null"/> (no key) when it holds bytes that are not UTF-8. The
    /// reader checks UTF-8 only when it unescapes, and throws; such a record is refused by extract's UTF-8 check, which
    /// names the byte, so here the key is simply not found.
    /// </summary>
    private static string? EscapedKey(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether the rest of the data is a valid beginning of JSON that merely stops too early.</summary>
    private static bool EndsInsideValue(ReadOnlySpan<byte> rest, JsonReaderState state)
    {
        try
        {
            var probe = new Utf8JsonReader(rest, isFinalBlock: false, state);
            while (probe.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string Expected() => _mode switch
    {
        Mode.Unknown => "a JSON object or an array of objects",
        Mode.Array when _recordStart >= 0 => "the rest of the object",
        Mode.Array => "an object, ',' or ']'",
        Mode.ArrayEnded => "the end of the file after the top-level array",
        _ when _recordStart >= 0 => "the rest of the object",
        _ => "another JSON object or the end of the file",
    };

    /// <summary>
    /// Once the partition key is known nothing inside the record matters but its end: reads on (the reader still
    /// validates every token) without looking at each token, up to the record's closing brace. Returns false when the
    /// data runs out first.
    /// </summary>
    private bool ReadToRecordEnd(ref Utf8JsonReader reader)
    {
        var depth = _recordDepth;
        while (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
        {
            if (!reader.Read())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Handles one token; returns true when it completed a record.</summary>
    private bool HandleToken(ref Utf8JsonReader reader)
    {
        var type = reader.TokenType;
        var depth = reader.CurrentDepth;
        if (_recordStart < 0)
        {
            var position = _bufferBase + _start + reader.TokenStartIndex;
            switch (_mode)
            {
                case Mode.Unknown when type == JsonTokenType.StartArray:
                    _mode = Mode.Array;
                    _recordDepth = 1;
                    return false;
                case Mode.Unknown when type == JsonTokenType.StartObject:
                    _mode = Mode.Objects;
                    _recordDepth = 0;
                    break;
                case Mode.Unknown:
                    throw Unexpected(type, position, "a JSON object or an array of objects at the top level");
                case Mode.Array when type == JsonTokenType.EndArray && depth == 0:
                    _mode = Mode.ArrayEnded;
                    return false;
                case Mode.Array when type != JsonTokenType.StartObject:
                    throw Unexpected(type, position, string.Create(CultureInfo.InvariantCulture, $"a JSON object as array element {Index + 2}"));
                case Mode.ArrayEnded:
                    throw Unexpected(type, position, "the end of the file after the top-level array");
                case Mode.Objects when type != JsonTokenType.StartObject:
                    throw Unexpected(type, position, string.Create(CultureInfo.InvariantCulture, $"a JSON object as record {Index + 2} (JSON Lines or concatenated objects)"));
            }

            _recordStart = _start + (int)reader.TokenStartIndex;
            _recordOffset = position;
            _matched = 0;
            _pendingSegment = -1;
            _key = null;
            _keyResolved = _keyPath.Length == 0;
            _skipDeclined = false;
            return false;
        }

        if (_pendingSegment >= 0)
        {
            var segment = _pendingSegment;
            _pendingSegment = -1;
            if (segment == _keyPath.Length - 1)
            {
                _key ??= type switch
                {
                    JsonTokenType.String when reader.ValueIsEscaped => EscapedKey(ref reader),
                    JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => _keys.Get(reader.ValueSpan),
                    _ => null,
                };
                _keyResolved = _key is not null;
            }
            else if (type == JsonTokenType.StartObject)
            {
                _matched = segment + 1;
                return false;
            }
        }

        switch (type)
        {
            case JsonTokenType.PropertyName when _key is null && _matched < _keyPath.Length && depth == _recordDepth + 1 + _matched:
                if (MemberNames.Is(ref reader, _keyPath[_matched]))
                {
                    _pendingSegment = _matched;
                }

                return false;
            case JsonTokenType.EndObject when depth == _recordDepth:
                var end = _start + (int)reader.BytesConsumed;
                _currentLength = end - _recordStart;
                if (_skipping)
                {
                    OversizedBytes = _bufferBase + end - _recordOffset;
                }

                return true;
            case JsonTokenType.EndObject when _matched > 0 && depth == _recordDepth + _matched:
                _matched--;
                return false;
            default:
                return false;
        }
    }

    private static SourceFormatException Unexpected(JsonTokenType type, long position, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"expected {expected} at byte {position}, found {Describe(type)}"), position, expected);

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_final)
        {
            throw new InvalidOperationException("The splitter asked for data after the end of its input.");
        }

        // Keep the unfinished record (unless it is being skipped) and the unconsumed tail; drop everything before.
        var keepFrom = _recordStart >= 0 && !_skipping ? _recordStart : _start;
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, _end - keepFrom);
            _bufferBase += keepFrom;
            _end -= keepFrom;
            _start -= keepFrom;
            if (_recordStart >= 0 && !_skipping)
            {
                _recordStart -= keepFrom;
            }
        }

        if (_end > _buffer.Length / 2)
        {
            if (_recordStart >= 0 && !_skipping && _end >= _maxRecordBytes)
            {
                // Too big to be a stream record: stop keeping its bytes, read through it and report its size.
                _skipping = true;

                // The skipper needs the whole record in hand; the reader reads on from where the skip began.
                _skipActive = false;
                _bufferBase += _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
        }

        var read = await _input.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (!_started)
        {
            _started = true;
            read = await SkipByteOrderMarkAsync(read, cancellationToken).ConfigureAwait(false);
        }

        if (read == 0)
        {
            _final = true;
        }

        _end += read;
    }

    private async ValueTask<int> SkipByteOrderMarkAsync(int read, CancellationToken cancellationToken)
    {
        // Make sure the first three bytes are in hand before looking at them.
        while (read > 0 && read < 3)
        {
            var more = await _input.ReadAsync(_buffer.AsMemory(_end + read), cancellationToken).ConfigureAwait(false);
            if (more == 0)
            {
                break;
            }

            read += more;
        }

        var head = _buffer.AsSpan(_end, read);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _start = _end + 3;
            _bufferBase = 0;
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new SourceFormatException("the file starts with a UTF-16 or UTF-32 byte-order mark; only UTF-8 is accepted", 0, "UTF-8 JSON");
        }

        return read;
    }

    /// <summary>Returns the offset of the first byte that is not valid UTF-8 in <paramref name="data"/>, or -1.</summary>
    public static int FindInvalidUtf8(ReadOnlySpan<byte> data)
    {
        if (Utf8.IsValid(data))
        {
            return -1;
        }

        Span<char> sink = stackalloc char[512];
        var offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(data[offset..], sink, out var consumed, out _, replaceInvalidSequences: false);
            offset += consumed;
            if (status != OperationStatus.DestinationTooSmall)
            {
                return offset;
            }
        }
    }
}
