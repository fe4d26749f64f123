using System.Buffers;
using System.Text.Json;
using Tributary.Internal.Json;

namespace Tributary.Records;

/// <summary>
/// A record with its lineage: the source file and position it came from and, once it has passed through the record
/// stream, the shard, sequence number and arrival time. On the wire it is one compact JSON object whose last member,
/// <c>record</c>, holds the original object's bytes unchanged:
/// <c>{"tributary":1,"source":"source/a.json","index":17,"record":{...}}</c>.
/// </summary>
/// <param name="Source">The object key of the source file, or <see langword="null"/> for a record from a foreign producer.</param>
/// <param name="Index">The 0-based position of the record in its source file.</param>
/// <param name="Shard">The stream shard the record was read from.</param>
/// <param name="SequenceNumber">The record's sequence number in that shard.</param>
/// <param name="ArrivalMilliseconds">The stream's approximate arrival time, in epoch milliseconds.</param>
/// <param name="Record">The original JSON object's bytes.</param>
public readonly record struct RecordEnvelope(
    string? Source,
    long? Index,
    string? Shard,
    string? SequenceNumber,
    long? ArrivalMilliseconds,
    ReadOnlyMemory<byte> Record)
{
    /// <summary>The envelope format version written in the <c>tributary</c> member.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>Writes this envelope as compact JSON; <see cref="Record"/> is copied verbatim (it must be a JSON object).</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        WriteTo(writer);
    }

    /// <summary>Writes this envelope to a (possibly reused) writer and flushes it.</summary>
    public void WriteTo(Utf8JsonWriter writer) => Write(writer, Source, Index, Shard, SequenceNumber, ArrivalMilliseconds, Record.Span);

    /// <summary>Writes an envelope around <paramref name="record"/> (copied verbatim) and flushes the writer.</summary>
    internal static void Write(Utf8JsonWriter writer, string? source, long? index, string? shard, string? sequence, long? arrival, ReadOnlySpan<byte> record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber(EnvelopeNames.Tributary, FormatVersion);
        if (source is not null)
        {
            writer.WriteString(EnvelopeNames.Source, source);
        }

        if (index is { } i)
        {
            writer.WriteNumber(EnvelopeNames.Index, i);
        }

        if (shard is not null)
        {
            writer.WriteString(EnvelopeNames.Shard, shard);
        }

        if (sequence is not null)
        {
            writer.WriteString(EnvelopeNames.Sequence, sequence);
        }

        if (arrival is { } a)
        {
            writer.WriteNumber(EnvelopeNames.Arrival, a);
        }

        writer.WritePropertyName(EnvelopeNames.Record);
        writer.WriteRawValue(record, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Serializes this envelope to a new array.</summary>
    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(Record.Length + 128);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads an envelope. Data whose first member is not <c>"tributary":1</c> is taken as a bare record from a
    /// foreign producer (no lineage). <see cref="Record"/> is a slice of <paramref name="data"/>, not a copy.
    /// </summary>
    /// <exception cref="JsonException">The data is not a JSON object, or an envelope is malformed.</exception>
    public static RecordEnvelope Parse(ReadOnlyMemory<byte> data)
    {
        var reader = new Utf8JsonReader(data.Span, new JsonReaderOptions { MaxDepth = 4096 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream record must be a JSON object.");
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !MemberNames.Is(ref reader, EnvelopeNames.Tributary.EncodedUtf8Bytes))
        {
            return new RecordEnvelope(null, null, null, null, null, data);
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version) || version != FormatVersion)
        {
            // Not our envelope (or a future one we cannot read): treat the object itself as the record.
            return new RecordEnvelope(null, null, null, null, null, data);
        }

        string? source = null, shard = null, sequence = null;
        long? index = null, arrival = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (MemberNames.Is(ref reader, EnvelopeNames.Record.EncodedUtf8Bytes))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException($"The envelope's \"record\" member must be a JSON object, not {reader.TokenType}.");
                }

                reader.Skip();
                var end = (int)reader.BytesConsumed;
                return new RecordEnvelope(source, index, shard, sequence, arrival, data[start..end]);
            }

            if (MemberNames.Is(ref reader, EnvelopeNames.Source.EncodedUtf8Bytes))
            {
                reader.Read();
                source = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (MemberNames.Is(ref reader, EnvelopeNames.Index.EncodedUtf8Bytes))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            }
            else if (MemberNames.Is(ref reader, EnvelopeNames.Shard.EncodedUtf8Bytes))
            {
                reader.Read();
                shard = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (MemberNames.Is(ref reader, EnvelopeNames.Sequence.EncodedUtf8Bytes))
            {
                reader.Read();
                sequence = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (MemberNames.Is(ref reader, EnvelopeNames.Arrival.EncodedUtf8Bytes))
            {
                reader.Read();
                arrival = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
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
