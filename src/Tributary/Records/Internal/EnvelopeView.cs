using System.Text.Json;
using Tributary.Internal.Json;

namespace Tributary.Records.Internal;

/// <summary>
/// Where the parts of a stream record's envelope lie in its bytes, found in one walk without building strings: the
/// process stage copies them into the forwarded envelope as they are. Accepts exactly what
/// <see cref="RecordEnvelope.Parse"/> accepts; lineage from an earlier pass through the stream (shard, sequence,
/// arrival) is skipped, since the record gets its current position.
/// </summary>
/// <param name="SourceStart">Where the <c>source</c> string's body (between the quotes, as written, escapes included) starts, or −1 when there is none.</param>
/// <param name="SourceLength">The length of that body.</param>
/// <param name="Index">The record's position in its source file, when the envelope has one.</param>
/// <param name="RecordStart">Where the record object starts.</param>
/// <param name="RecordLength">The record object's length.</param>
internal readonly record struct EnvelopeView(int SourceStart, int SourceLength, long? Index, int RecordStart, int RecordLength)
{
    // The bytes a source string's body may hold for the byte match: printable ASCII but the quote and the backslash.
    // Anything else (its closing quote, escapes, control characters, non-ASCII bytes whose UTF-8 the JSON reader
    // validates) ends the match. An all-ASCII set keeps the search on its fast path.
    private static readonly System.Buffers.SearchValues<byte> PlainSourceBytes = System.Buffers.SearchValues.Create([
        .. Enumerable.Range(0x20, 0x5F).Where(b => b is not '"' and not '\\').Select(b => (byte)b)]);

    // The envelope's reader allows 4,096 levels; its record, read alone, one fewer.
    private const int RecordMaxDepth = 4095;

    /// <summary>Whether the envelope names a source file.</summary>
    public bool HasSource => SourceStart >= 0;

    /// <summary>Whether the data was an envelope (else a bare record: the whole data, not walked past its first member).</summary>
    public bool IsEnvelope => RecordStart > 0;

    /// <summary>Finds the parts of <paramref name="data"/>.</summary>
    /// <exception cref="JsonException">The data is not a JSON object, or an envelope is malformed.</exception>
    public static EnvelopeView Read(ReadOnlySpan<byte> data) => Read(data, null, default);

    /// <summary>
    /// Finds the parts of <paramref name="data"/> and, when it is an envelope (<see cref="IsEnvelope"/>), the values
    /// at <paramref name="fields"/> in its record, in the same walk; positions are in <paramref name="data"/>.
    /// </summary>
    /// <exception cref="JsonException">The data is not a JSON object, or an envelope is malformed.</exception>
    public static EnvelopeView Read(ReadOnlySpan<byte> data, RecordFields? fields, Span<FieldValue> values)
    {
        var recordStart = ExtractHeadLength(data, out var headSourceStart, out var headSourceLength, out var headIndex);
        if (recordStart > 0)
        {
            // The record is read as a document of its own: one level shallower than inside the envelope. The skipper
            // alone passes over it when it can vouch for all of it; else the reader walks it and words any error.
            if (fields is not null && fields.TrySkipWalk(data[recordStart..], RecordMaxDepth, values, out var skippedEnd))
            {
                Shift(values, recordStart);
                return new EnvelopeView(headSourceStart, headSourceLength, headIndex, recordStart, skippedEnd);
            }

            var recordReader = new Utf8JsonReader(data[recordStart..], new JsonReaderOptions { MaxDepth = RecordMaxDepth });
            recordReader.Read();
            int recordEnd;
            if (fields is null)
            {
                recordReader.Skip();
                recordEnd = (int)recordReader.BytesConsumed;
            }
            else
            {
                recordEnd = fields.WalkToEnd(data[recordStart..], ref recordReader, values);
                Shift(values, recordStart);
            }

            return new EnvelopeView(headSourceStart, headSourceLength, headIndex, recordStart, recordEnd);
        }

        return ReadWithReader(data, fields, values);
    }

    /// <summary>Moves the values found in the record alone to their positions in the whole data.</summary>
    private static void Shift(Span<FieldValue> values, int recordStart)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Type is not (JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                values[i] = values[i] with { Start = values[i].Start + recordStart };
            }
        }
    }

    /// <summary>
    /// <see cref="Read(ReadOnlySpan{byte}, RecordFields?, Span{FieldValue})"/> with a JSON reader over the whole data,
    /// for any envelope; the byte match of extract's head gives the same parts.
    /// </summary>
    internal static EnvelopeView ReadWithReader(ReadOnlySpan<byte> data, RecordFields? fields, Span<FieldValue> values)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 4096 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream record must be a JSON object.");
        }

        var bare = new EnvelopeView(-1, 0, null, 0, data.Length);
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !MemberNames.Is(ref reader, EnvelopeNames.Tributary.EncodedUtf8Bytes))
        {
            return bare;
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version) || version != RecordEnvelope.FormatVersion)
        {
            return bare;
        }

        int sourceStart = -1, sourceLength = 0;
        long? index = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (MemberNames.Is(ref reader, EnvelopeNames.Record.EncodedUtf8Bytes))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException($"The envelope's \"record\" member must be a JSON object, not {reader.TokenType}.");
                }

                var start = (int)reader.TokenStartIndex;
                int end;
                if (fields is null)
                {
                    reader.Skip();
                    end = (int)reader.BytesConsumed;
                }
                else
                {
                    end = fields.WalkToEnd(data, ref reader, values);
                }

                return new EnvelopeView(sourceStart, sourceLength, index, start, end - start);
            }

            if (MemberNames.Is(ref reader, EnvelopeNames.Source.EncodedUtf8Bytes))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    // The reader has checked the string, so its body as written is valid JSON to copy verbatim.
                    sourceStart = (int)reader.TokenStartIndex + 1;
                    sourceLength = reader.ValueSpan.Length;
                }
                else if (reader.TokenType == JsonTokenType.Null)
                {
                    sourceStart = -1;
                }
                else
                {
                    throw new JsonException($"The envelope's \"source\" member must be a string, not {reader.TokenType}.");
                }
            }
            else if (MemberNames.Is(ref reader, EnvelopeNames.Index.EncodedUtf8Bytes))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    index = null;
                }
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    index = value;
                }
                else
                {
                    throw new JsonException($"The envelope's \"index\" member must be a whole number, not {reader.TokenType}.");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        throw new JsonException("The envelope has no \"record\" member.");
    }

    /// <summary>
    /// Matches the head extract writes (<c>SourceEnvelopeWriter</c>) byte by byte: <c>{"tributary":1</c>, a source of
    /// plain ASCII, a whole index, then <c>"record":{</c>, with no whitespace. Returns where the record starts, or 0
    /// when the head is anything else, which the JSON reader then reads (it gives the same parts for every head matched
    /// here).
    /// </summary>
    private static int ExtractHeadLength(ReadOnlySpan<byte> data, out int sourceStart, out int sourceLength, out long? index)
    {
        sourceStart = -1;
        sourceLength = 0;
        index = null;
        if (!data.StartsWith("{\"tributary\":1,"u8))
        {
            return 0;
        }

        var at = 15;
        if (data[at..].StartsWith("\"source\":\""u8))
        {
            at += 10;
            var end = data[at..].IndexOfAnyExcept(PlainSourceBytes);
            if (end < 0 || data[at + end] != '"' || data.Length < at + end + 2 || data[at + end + 1] != ',')
            {
                return 0;
            }

            sourceStart = at;
            sourceLength = end;
            at += end + 2;
        }

        if (data[at..].StartsWith("\"index\":"u8))
        {
            at += 8;
            var negative = at < data.Length && data[at] == '-' ? 1 : 0;
            var first = at + negative;
            var digitsEnd = first;
            ulong value = 0;
            while (digitsEnd < data.Length && (uint)(data[digitsEnd] - '0') <= 9)
            {
                // Up to 18 digits cannot overflow; a longer index is left to the reader.
                if (digitsEnd - first == 18)
                {
                    return 0;
                }

                value = (value * 10) + (uint)(data[digitsEnd] - '0');
                digitsEnd++;
            }

            var digits = digitsEnd - first;
            if (digits == 0 || (digits > 1 && data[first] == '0') || digitsEnd >= data.Length || data[digitsEnd] != ',')
            {
                return 0;
            }

            index = negative == 1 ? -(long)value : (long)value;
            at += negative + digits + 1;
        }

        return data[at..].StartsWith("\"record\":{"u8) ? at + 9 : 0;
    }
}
