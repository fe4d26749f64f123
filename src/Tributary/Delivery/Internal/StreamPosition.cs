using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Tributary.Internal.Json;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Where a forwarded record sits in the record stream: its shard and sequence number, read from the envelope's
/// <c>shard</c> and <c>sequence</c> members. Only the envelope's head is read: those members come before
/// <c>record</c>, so the record itself is never parsed here.
/// </summary>
internal readonly record struct StreamPosition(string Shard, long Sequence)
{
    // Bytes that end the fast scan of a string body: its closing quote, or anything the JSON reader must judge
    // (escapes, control characters, non-ASCII bytes whose UTF-8 it validates).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([
        .. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    private static ReadOnlySpan<byte> Head => "{\"tributary\":1,"u8;

    private static ReadOnlySpan<byte> SourceMember => "\"source\":\""u8;

    private static ReadOnlySpan<byte> IndexMember => "\"index\":"u8;

    private static ReadOnlySpan<byte> ShardMember => "\"shard\":\""u8;

    private static ReadOnlySpan<byte> SequenceMember => "\"sequence\":\""u8;

    private static ReadOnlySpan<byte> ArrivalMember => "\"arrival\":"u8;

    private static ReadOnlySpan<byte> RecordMember => "\"record\":{"u8;

    /// <summary>
    /// Reads the position, or returns false for a record without one (a bare object, an envelope from extract that
    /// has not been through the stream, or a sequence number that does not fit 63 bits, as Kinesis ones do not).
    /// </summary>
    /// <param name="data">The record as the delivery stream received it.</param>
    /// <param name="shards">Interns shard ids, so a record does not cost a string.</param>
    /// <param name="position">The position, when there is one.</param>
    public static bool TryRead(ReadOnlySpan<byte> data, ShardNames shards, out StreamPosition position) =>
        TryReadForwarded(data, shards, out position) || ReadWithReader(data, shards, out position);

    /// <summary>
    /// The envelope exactly as the process stage writes it (<c>ForwardedEnvelope</c>): members in its order, no
    /// whitespace, plain ASCII strings. Matched byte by byte, without a JSON reader; anything else, even a valid
    /// envelope written another way, is left to <see cref="ReadWithReader"/>, which gives the same answer for every
    /// head this accepts.
    /// </summary>
    internal static bool TryReadForwarded(ReadOnlySpan<byte> data, ShardNames shards, out StreamPosition position)
    {
        position = default;
        if (!data.StartsWith(Head))
        {
            return false;
        }

        var rest = data[Head.Length..];
        if (rest.StartsWith(SourceMember))
        {
            rest = rest[SourceMember.Length..];
            var end = rest.IndexOfAny(StringStops);
            if (end < 0 || rest[end] != '"' || rest.Length < end + 2 || rest[end + 1] != ',')
            {
                return false;
            }

            rest = rest[(end + 2)..];
        }

        if (rest.StartsWith(IndexMember))
        {
            rest = rest[IndexMember.Length..];
            if (!SkipWholeNumber(ref rest))
            {
                return false;
            }
        }

        if (!rest.StartsWith(ShardMember))
        {
            return false;
        }

        rest = rest[ShardMember.Length..];
        var shardEnd = rest.IndexOfAny(StringStops);
        if (shardEnd < 0 || rest[shardEnd] != '"' || rest.Length < shardEnd + 2 || rest[shardEnd + 1] != ',')
        {
            return false;
        }

        var shard = rest[..shardEnd];
        rest = rest[(shardEnd + 2)..];
        if (!rest.StartsWith(SequenceMember))
        {
            return false;
        }

        rest = rest[SequenceMember.Length..];
        var digits = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (digits <= 0 || rest[digits] != '"' || rest.Length < digits + 2 || rest[digits + 1] != ','
            || !Utf8Parser.TryParse(rest[..digits], out long sequence, out var used) || used != digits)
        {
            return false;
        }

        rest = rest[(digits + 2)..];
        if (!rest.StartsWith(ArrivalMember))
        {
            return false;
        }

        rest = rest[ArrivalMember.Length..];
        if (!SkipWholeNumber(ref rest) || !rest.StartsWith(RecordMember))
        {
            return false;
        }

        position = new StreamPosition(shards.Get(shard), sequence);
        return true;
    }

    /// <summary>The position read with a JSON reader, from any envelope whose head is valid JSON.</summary>
    internal static bool ReadWithReader(ReadOnlySpan<byte> data, ShardNames shards, out StreamPosition position)
    {
        position = default;
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !MemberNames.Is(ref reader, "tributary"u8))
            {
                return false;
            }

            reader.Read();
            string? shard = null;
            long sequence = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !MemberNames.Is(ref reader, "record"u8))
            {
                if (MemberNames.Is(ref reader, "shard"u8))
                {
                    reader.Read();
                    shard = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? shards.Get(reader.ValueSpan) : null;
                }
                else if (MemberNames.Is(ref reader, "sequence"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                        || !Utf8Parser.TryParse(reader.ValueSpan, out sequence, out var used) || used != reader.ValueSpan.Length || sequence < 0)
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (shard is null || sequence < 0)
            {
                return false;
            }

            position = new StreamPosition(shard, sequence);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Skips a JSON number written as whole digits (an optional minus, no leading zero) and the comma after it.
    /// </summary>
    private static bool SkipWholeNumber(ref ReadOnlySpan<byte> rest)
    {
        var sign = !rest.IsEmpty && rest[0] == '-' ? 1 : 0;
        var end = rest[sign..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (end <= 0 || (end > 1 && rest[sign] == '0') || rest[sign + end] != ',')
        {
            return false;
        }

        rest = rest[(sign + end + 1)..];
        return true;
    }
}
