using Tributary.Delivery.Internal;
using Tributary.Streaming.Internal;
using Xunit;

namespace Tributary.Tests.Delivery;

public sealed class ObjectNamesTests
{
    [Fact]
    public void Bare_records_with_the_same_length_and_crc_get_different_ids()
    {
        var (first, second) = CrcCollision();
        Assert.Equal(Crc32C.Compute(first), Crc32C.Compute(second));

        Assert.NotEqual(
            ObjectNames.RecordsId([new BufferedRecord(1, first, 0)]),
            ObjectNames.RecordsId([new BufferedRecord(1, second, 0)]));
    }

    [Fact]
    public void Records_at_different_stream_positions_get_different_ids()
    {
        byte[] data = [.. "{\"a\":1}"u8];
        var at = new BufferedRecord(1, data, 0, new StreamPosition("shardId-000000000000", 7));

        Assert.NotEqual(ObjectNames.RecordsId([at]), ObjectNames.RecordsId([at with { Position = new StreamPosition("shardId-000000000000", 8) }]));
        Assert.NotEqual(ObjectNames.RecordsId([at]), ObjectNames.RecordsId([at with { Position = new StreamPosition("shardId-000000000001", 7) }]));
        Assert.NotEqual(ObjectNames.RecordsId([at]), ObjectNames.RecordsId([at with { Position = null }]));
    }

    [Fact]
    public void The_same_records_get_the_same_id_whatever_their_buffer_ids_and_arrival()
    {
        byte[] data = [.. "{\"a\":1}"u8];
        var position = new StreamPosition("shardId-000000000000", 7);

        Assert.Equal(
            ObjectNames.RecordsId([new BufferedRecord(1, data, 10, position), new BufferedRecord(2, data, 10)]),
            ObjectNames.RecordsId([new BufferedRecord(8, data.ToArray(), 99, position), new BufferedRecord(9, data.ToArray(), 99)]));
    }

    /// <summary>Two different 8-byte records with the same CRC-32C, found by a birthday search (about 2^16 tries).</summary>
    private static (byte[] First, byte[] Second) CrcCollision()
    {
        var seen = new Dictionary<uint, ulong>();
        var bytes = new byte[8];
        for (ulong candidate = 0; ; candidate++)
        {
            var value = candidate * 0x9E3779B97F4A7C15UL;
            BitConverter.TryWriteBytes(bytes, value);
            var crc = Crc32C.Compute(bytes);
            if (seen.TryGetValue(crc, out var earlier))
            {
                return (BitConverter.GetBytes(earlier), BitConverter.GetBytes(value));
            }

            seen.Add(crc, value);
        }
    }
}
