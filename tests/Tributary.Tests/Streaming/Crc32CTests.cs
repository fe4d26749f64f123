using Tributary.Streaming.Internal;

namespace Tributary.Tests.Streaming;

public sealed class Crc32CTests
{
    [Fact]
    public void Every_length_and_start_matches_a_bitwise_reference()
    {
        // Lengths around every way a frame is cut: one stream, three lanes of each size up to the cap, several rounds of
        // capped lanes, and a tail of 0-23 bytes; starts at every offset within a word.
        var data = new byte[(3 * 4096 * 3) + 64];
        new Random(7).NextBytes(data);
        var lengths = Enumerable.Range(0, 1200).Concat([4095, 4096, 4097, (3 * 4096) - 1, 3 * 4096, (3 * 4096) + 23, (3 * 4096 * 2) + 17, 3 * 4096 * 3]);
        foreach (var length in lengths)
        {
            foreach (var start in new[] { 0, 1, 3, 7 })
            {
                var slice = data.AsSpan(start, length);
                Assert.True(Reference(slice) == Crc32C.Compute(slice), $"length {length}, start {start}");
            }
        }
    }

    [Fact]
    public void A_single_flipped_bit_changes_the_checksum_wherever_it_is()
    {
        var data = new byte[700];
        new Random(11).NextBytes(data);
        var original = Crc32C.Compute(data);
        for (var bit = 0; bit < data.Length * 8; bit += 13)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.Equal(original, Crc32C.Compute(data));
    }

    [Fact]
    public void Appending_zeros_moves_the_register_as_the_bytes_would()
    {
        var data = new byte[300];
        new Random(3).NextBytes(data);
        var register = ~Crc32C.Compute(data);
        var withZeros = data.Concat(new byte[40]).ToArray();
        Assert.Equal(~Crc32C.Compute(withZeros), Crc32C.AppendZeros(register, 40));
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
