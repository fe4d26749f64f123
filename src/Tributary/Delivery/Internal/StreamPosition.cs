using System.Buffers.Text;
using System.Text.Json;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Where a forwarded record sits in the record stream: its shard and sequence number, read from the envelope's
/// <c>shard</c> and <c>sequence</c> members. Only the envelope's head is read: those members come before
/// <c>record</c>, so the record itself is never parsed here.
/// </summary>
internal readonly record struct StreamPosition(string Shard, long Sequence)
{
    /// <summary>
    /// Reads the position, or returns false for a record without one (a bare object, an envelope from extract that
    /// has not been through the stream, or a sequence number that does not fit 63 bits, as Kinesis ones do not).
    /// </summary>
    /// <param name="data">The record as the delivery stream received it.</param>
    /// <param name="shards">Interns shard ids, so a record does not cost a string.</param>
    /// <param name="position">The position, when there is one.</param>
    public static bool TryRead(ReadOnlySpan<byte> data, ShardNames shards, out StreamPosition position)
    {
        position = default;
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("tributary"u8))
            {
                return false;
            }

            reader.Read();
            string? shard = null;
            long sequence = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueTextEquals("record"u8))
            {
                if (reader.ValueTextEquals("shard"u8))
                {
                    reader.Read();
                    shard = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? shards.Get(reader.ValueSpan) : null;
                }
                else if (reader.ValueTextEquals("sequence"u8))
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
}
