using System.Numerics;

namespace Tributary.Delta.Tests.Data;

/// <summary>The exact decimal value type used for columns of precision above 28.</summary>
public sealed class DeltaDecimalTests
{
    [Theory]
    [InlineData("0", 38, 18, "0.000000000000000000")]
    [InlineData("-0.000000000000000001", 38, 18, "-0.000000000000000001")]
    [InlineData("1E+37", 38, 0, "10000000000000000000000000000000000000")]
    [InlineData("-4.614771000E-9", 38, 18, "-0.000000004614771000")]
    [InlineData("+12.5", 30, 0, "12")]
    [InlineData("13.5", 30, 0, "14")]
    [InlineData("-13.5", 30, 0, "-14")]
    [InlineData(".25", 30, 1, "0.2")]
    [InlineData("0E-10", 29, 10, "0.0000000000")]
    public void Parse_rounds_half_to_even_to_the_scale_and_prints_plain_notation(string text, int precision, int scale, string expected)
    {
        var value = DeltaDecimal.Parse(text, precision, scale);

        Assert.Equal(expected, value.ToString());
        Assert.Equal((precision, scale), (value.Precision, value.Scale));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData("1e")]
    public void Parse_rejects_text_that_is_not_a_number(string text) =>
        Assert.ThrowsAny<FormatException>(() => DeltaDecimal.Parse(text, 38, 2));

    [Fact]
    public void A_value_beyond_the_precision_fails_with_the_digits_and_the_type()
    {
        var error = Assert.Throws<OverflowException>(() => DeltaDecimal.Parse("1" + new string('0', 36), 38, 2));

        Assert.Contains("more than 38 digits", error.Message, StringComparison.Ordinal);
        Assert.Contains("decimal(38,2)", error.Message, StringComparison.Ordinal);
        Assert.Equal(BigInteger.Pow(10, 38) - 1, DeltaDecimal.Parse(new string('9', 36) + ".99", 38, 2).UnscaledValue);
    }

    [Fact]
    public void Equality_order_and_hash_follow_the_numeric_value_across_scales()
    {
        var a = DeltaDecimal.Parse("1.5", 38, 1);
        var b = DeltaDecimal.Parse("1.50", 38, 2);
        var c = DeltaDecimal.Parse("-1.51", 38, 2);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(new DeltaDecimal(0, 38, 0).GetHashCode(), new DeltaDecimal(0, 38, 5).GetHashCode());
        Assert.True(c < a);
        Assert.Equal([c, b], new[] { b, c }.Order());
        Assert.Equal(0, a.CompareTo((object)1.5m));
    }

    [Fact]
    public void Converts_to_and_from_System_Decimal_when_the_value_fits()
    {
        Assert.Equal("-79228162514264337593543950335.000", DeltaDecimal.FromDecimal(decimal.MinValue, 38, 3).ToString());
        Assert.Equal("0.12", DeltaDecimal.FromDecimal(0.125m, 30, 2).ToString());
        Assert.Equal("-0.14", DeltaDecimal.FromDecimal(-0.135m, 30, 2).ToString());
        Assert.Equal(12345.6789m, (decimal)DeltaDecimal.Parse("12345.6789", 38, 18));
        Assert.Equal(18, ((decimal)DeltaDecimal.Parse("12345.6789", 38, 18)).Scale);
        Assert.True(DeltaDecimal.Parse("-79228162514264337593543950335", 38, 0).TryToDecimal(out var min));
        Assert.Equal(decimal.MinValue, min);

        Assert.False(DeltaDecimal.Parse("79228162514264337593543950336", 38, 0).TryToDecimal(out _));
        Assert.Throws<OverflowException>(() => (decimal)DeltaDecimal.Parse("1", 38, 30));
    }
}
