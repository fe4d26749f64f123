using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Tributary.Records.Internal;

/// <summary>
/// Writes the envelopes of one source file's records (source and index, nothing from the stream) byte for byte as
/// <see cref="RecordEnvelope.Write"/> does, without a JSON writer per record: the part that names the source, escaped
/// once per file, is kept and copied, then the index, the record and the closing brace are appended.
/// </summary>
internal sealed class SourceEnvelopeWriter
{
    private static ReadOnlySpan<byte> IndexMember => ",\"index\":"u8;

    private static ReadOnlySpan<byte> RecordMember => ",\"record\":"u8;

    private readonly byte[] _head;

    public SourceEnvelopeWriter(string source)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (source.Length * 6));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber(EnvelopeNames.Tributary, RecordEnvelope.FormatVersion);
            writer.WriteString(EnvelopeNames.Source, source);
        }

        _head = buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the envelope of <paramref name="record"/> (copied verbatim) at position <paramref name="index"/>.</summary>
    public void Write(IBufferWriter<byte> output, long index, ReadOnlySpan<byte> record)
    {
        var span = output.GetSpan(_head.Length + IndexMember.Length + 20 + RecordMember.Length + record.Length + 1);
        _head.CopyTo(span);
        var at = _head.Length;
        IndexMember.CopyTo(span[at..]);
        at += IndexMember.Length;
        Utf8Formatter.TryFormat(index, span[at..], out var digits);
        at += digits;
        RecordMember.CopyTo(span[at..]);
        at += RecordMember.Length;
        record.CopyTo(span[at..]);
        at += record.Length;
        span[at++] = (byte)'}';
        output.Advance(at);
    }
}
