using System.Buffers.Binary;

namespace Tributary.Streaming.Internal;

/// <summary>
/// The on-disk frame of one record: <c>[u32 payload length][u32 CRC-32C of payload]</c> then the payload
/// <c>[i64 sequence][i64 arrival ms][u16 key length][partition key UTF-8][data]</c>, little-endian. A frame whose
/// length or checksum does not hold marks a torn tail.
/// </summary>
internal static class FrameFormat
{
    public const int HeaderBytes = 8;
    public const int FixedPayloadBytes = 18;
    public const int MaxKeyBytes = 1024;

    public static int FrameBytes(int keyBytes, int dataBytes) => HeaderBytes + FixedPayloadBytes + keyBytes + dataBytes;

    public static (int PayloadLength, uint Crc) ReadHeader(ReadOnlySpan<byte> header) =>
        (BinaryPrimitives.ReadInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));

    public static bool IsPlausibleLength(int payloadLength, int maxPayload) =>
        payloadLength >= FixedPayloadBytes && payloadLength <= maxPayload;

    public static long Sequence(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload);

    public static long Arrival(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload[8..]);

    public static int KeyLength(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadUInt16LittleEndian(payload[16..]);

    /// <summary>Writes a whole frame into <paramref name="destination"/> (which must be exactly <see cref="FrameBytes"/> long).</summary>
    public static void Write(Span<byte> destination, long sequence, long arrivalMs, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var payload = destination[HeaderBytes..];
        BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], arrivalMs);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[16..], (ushort)key.Length);
        key.CopyTo(payload[FixedPayloadBytes..]);
        data.CopyTo(payload[(FixedPayloadBytes + key.Length)..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32C.Compute(payload));
    }
}
