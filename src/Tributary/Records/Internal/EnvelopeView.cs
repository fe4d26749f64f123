using System.Text.Json;

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
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 4096 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream record must be a JSON object.");
        }

        var bare = new EnvelopeView(-1, 0, null, 0, data.Length);
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(EnvelopeNames.Tributary.EncodedUtf8Bytes))
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
            if (reader.ValueTextEquals(EnvelopeNames.Record.EncodedUtf8Bytes))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException($"The envelope's \"record\" member must be a JSON object, not {reader.TokenType}.");
                }

                var start = (int)reader.TokenStartIndex;
                if (fields is null)
                {
                    reader.Skip();
                }
                else
                {
                    fields.Walk(ref reader, values);
                }

                return new EnvelopeView(sourceStart, sourceLength, index, start, (int)reader.BytesConsumed - start);
            }

            if (reader.ValueTextEquals(EnvelopeNames.Source.EncodedUtf8Bytes))
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
            else if (reader.ValueTextEquals(EnvelopeNames.Index.EncodedUtf8Bytes))
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
}
