using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Tributary.Records.Internal;

/// <summary>
/// Writes the envelope process forwards to the delivery stream byte by byte, without a <see cref="Utf8JsonWriter"/>:
/// <c>{"tributary":1,"source":"…","index":N,"shard":"…","sequence":"…","arrival":N,"record":{…}}</c>, the same
/// members in the same order as <see cref="RecordEnvelope.WriteTo(IBufferWriter{byte})"/> writes.
/// </summary>
internal static class ForwardedEnvelope
{
    private static ReadOnlySpan<byte> Head => "{\"tributary\":1"u8;

    private static ReadOnlySpan<byte> SourceName => ",\"source\":\""u8;

    private static ReadOnlySpan<byte> IndexName => ",\"index\":"u8;

    private static ReadOnlySpan<byte> ShardName => ",\"shard\":"u8;

    private static ReadOnlySpan<byte> SequenceName => ",\"sequence\":"u8;

    private static ReadOnlySpan<byte> ArrivalName => ",\"arrival\":"u8;

    private static ReadOnlySpan<byte> RecordName => ",\"record\":"u8;

    /// <summary>Writes one envelope and returns its length.</summary>
    /// <param name="output">Where the envelope goes.</param>
    /// <param name="source">The body of the source string as it was written in valid JSON (escapes kept), or empty with <paramref name="hasSource"/> false.</param>
    /// <param name="hasSource">Whether there is a source member.</param>
    /// <param name="index">The position in the source file.</param>
    /// <param name="shard">The shard id, already a quoted JSON string (<see cref="QuotedString"/>).</param>
    /// <param name="sequence">The sequence number, already a quoted JSON string.</param>
    /// <param name="arrivalMilliseconds">The arrival time in epoch milliseconds.</param>
    /// <param name="record">The record object, copied verbatim.</param>
    public static int Write(
        IBufferWriter<byte> output,
        ReadOnlySpan<byte> source,
        bool hasSource,
        long? index,
        ReadOnlySpan<byte> shard,
        ReadOnlySpan<byte> sequence,
        long arrivalMilliseconds,
        ReadOnlySpan<byte> record)
    {
        const int MaxNumber = 20;
        var capacity = Head.Length + (hasSource ? SourceName.Length + source.Length + 1 : 0) + (index is null ? 0 : IndexName.Length + MaxNumber)
            + ShardName.Length + shard.Length + SequenceName.Length + sequence.Length + ArrivalName.Length + MaxNumber
            + RecordName.Length + record.Length + 1;
        var span = output.GetSpan(capacity);
        var at = Append(span, 0, Head);
        if (hasSource)
        {
            at = Append(span, at, SourceName);
            at = Append(span, at, source);
            span[at++] = (byte)'"';
        }

        if (index is { } i)
        {
            at = Append(span, at, IndexName);
            at = AppendNumber(span, at, i);
        }

        at = Append(span, at, ShardName);
        at = Append(span, at, shard);
        at = Append(span, at, SequenceName);
        at = Append(span, at, sequence);
        at = Append(span, at, ArrivalName);
        at = AppendNumber(span, at, arrivalMilliseconds);
        at = Append(span, at, RecordName);
        at = Append(span, at, record);
        span[at++] = (byte)'}';
        output.Advance(at);
        return at;
    }

    /// <summary>
    /// Encodes <paramref name="value"/> as a quoted JSON string. Plain printable ASCII (shard ids, sequence numbers)
    /// is narrowed as it is; anything else goes through the JSON encoder, so the result is always valid JSON.
    /// </summary>
    /// <returns>The number of bytes written to <paramref name="destination"/>, or −1 when it is too small.</returns>
    public static int QuotedString(ReadOnlySpan<char> value, Span<byte> destination)
    {
        if (destination.Length < value.Length + 2)
        {
            return -1;
        }

        destination[0] = (byte)'"';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return Encoded(value, destination);
            }

            destination[i + 1] = (byte)c;
        }

        destination[value.Length + 1] = (byte)'"';
        return value.Length + 2;
    }

    /// <summary>Writes an embedded-stream sequence counter as its quoted sequence number (20 digits, zero-padded).</summary>
    /// <returns>The number of bytes written to <paramref name="destination"/> (22).</returns>
    public static int QuotedSequence(long sequence, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        Utf8Formatter.TryFormat(sequence, destination[1..], out var written, new StandardFormat('D', 20));
        destination[written + 1] = (byte)'"';
        return written + 2;
    }

    /// <summary>
    /// As <see cref="QuotedSequence"/>, but when <paramref name="destination"/> already holds the quoted form of
    /// <paramref name="previous"/> and <paramref name="sequence"/> follows it (a shard's records in a batch), the
    /// digits are counted on in place instead of formatted again.
    /// </summary>
    /// <returns>The number of bytes written to <paramref name="destination"/> (22).</returns>
    public static int NextQuotedSequence(long sequence, long previous, Span<byte> destination)
    {
        if (previous <= 0 || sequence != previous + 1)
        {
            return QuotedSequence(sequence, destination);
        }

        // A long has at most 19 digits, so the carry never runs past the first of the 20.
        var at = 20;
        while (destination[at] == (byte)'9')
        {
            destination[at--] = (byte)'0';
        }

        destination[at]++;
        return 22;
    }

    private static int Encoded(ReadOnlySpan<char> value, Span<byte> destination)
    {
        var encoded = JsonEncodedText.Encode(value).EncodedUtf8Bytes;
        if (destination.Length < encoded.Length + 2)
        {
            return -1;
        }

        destination[0] = (byte)'"';
        encoded.CopyTo(destination[1..]);
        destination[encoded.Length + 1] = (byte)'"';
        return encoded.Length + 2;
    }

    private static int Append(Span<byte> span, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        return at + bytes.Length;
    }

    private static int AppendNumber(Span<byte> span, int at, long value)
    {
        Utf8Formatter.TryFormat(value, span[at..], out var written);
        return at + written;
    }
}
