using System.Buffers.Text;
using Tributary.Delivery.Internal;

namespace Tributary.Tests.Delivery;

public sealed class JsonNumberLengthTests
{
    [Fact]
    public void Counts_the_bytes_the_formatter_writes_at_every_power_of_ten_and_the_extremes()
    {
        var values = new List<long> { 0, long.MaxValue, long.MinValue, long.MinValue + 1 };
        for (long power = 1; power <= 1_000_000_000_000_000_000; power *= 10)
        {
            values.AddRange([power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]);
        }

        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            values.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64));
        }

        Span<byte> text = stackalloc byte[20];
        foreach (var value in values)
        {
            Assert.True(Utf8Formatter.TryFormat(value, text, out var written));
            Assert.True(written == JsonNumberLength.Of(value), $"{value}: {written} bytes written, {JsonNumberLength.Of(value)} counted");
        }
    }
}
