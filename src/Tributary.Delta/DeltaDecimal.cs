using System.Globalization;
using System.Numerics;
using System.Text;

namespace Tributary.Delta;

/// <summary>
/// An exact decimal value of a <c>decimal(p,s)</c> column whose precision is above 28, the range of
/// <see cref="decimal"/>: an unscaled integer of at most <see cref="Precision"/> digits times 10^-<see cref="Scale"/>.
/// Columns of precision 28 or less keep holding <see cref="decimal"/>. Equality and order are by numeric value (1.50
/// equals 1.5), as for <see cref="decimal"/>.
/// </summary>
public readonly struct DeltaDecimal : IEquatable<DeltaDecimal>, IComparable<DeltaDecimal>, IComparable, IFormattable
{
    /// <summary>The largest precision Delta allows.</summary>
    public const int MaxPrecision = 38;

    private static readonly BigInteger[] PowersOfTen = Enumerable.Range(0, (2 * MaxPrecision) + 2).Select(i => BigInteger.Pow(10, i)).ToArray();

    /// <summary>Creates a value; fails when the unscaled value has more digits than the precision.</summary>
    /// <param name="unscaledValue">The digits without the decimal point.</param>
    /// <param name="precision">Total digits, 1 to 38.</param>
    /// <param name="scale">Digits after the point, 0 to <paramref name="precision"/>.</param>
    public DeltaDecimal(BigInteger unscaledValue, int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        if (BigInteger.Abs(unscaledValue) >= PowersOfTen[precision])
        {
            throw new OverflowException($"{Format(unscaledValue, scale)} has more than {precision} digits, so it does not fit decimal({precision},{scale}).");
        }

        UnscaledValue = unscaledValue;
        Precision = precision;
        Scale = scale;
    }

    /// <summary>The digits without the decimal point.</summary>
    public BigInteger UnscaledValue { get; }

    /// <summary>Total digits the value may have.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <summary>Converts a <see cref="decimal"/> to the given precision and scale, rounding half to even.</summary>
    public static DeltaDecimal FromDecimal(decimal value, int precision, int scale)
    {
        var bits = decimal.GetBits(value);
        var magnitude = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        var unscaled = value < 0 ? -magnitude : magnitude;
        return new DeltaDecimal(Rescale(unscaled, value.Scale, scale), precision, scale);
    }

    /// <summary>
    /// Parses plain or exponent notation (<c>-12.5</c>, <c>1E+40</c>, <c>0E-10</c>) to the given precision and scale,
    /// rounding half to even when the text has more fraction digits.
    /// </summary>
    public static DeltaDecimal Parse(string text, int precision, int scale)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        var exponent = 0;
        var e = span.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            exponent = int.Parse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            span = span[..e];
        }

        var negative = span.Length > 0 && span[0] == '-';
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var integer = point >= 0 ? span[..point] : span;
        var fraction = point >= 0 ? span[(point + 1)..] : [];
        if (integer.Length + fraction.Length == 0 || integer.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9'))
        {
            throw new FormatException($"'{text}' is not a decimal number.");
        }

        var digits = string.Concat(integer, fraction);
        var unscaled = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var textScale = fraction.Length - exponent;
        if (textScale < -(2 * MaxPrecision))
        {
            throw new OverflowException($"'{text}' does not fit decimal({precision},{scale}).");
        }

        return new DeltaDecimal(Rescale(negative ? -unscaled : unscaled, textScale, scale), precision, scale);
    }

    /// <summary>The same value at another precision and scale, rounding half to even when the scale shrinks.</summary>
    public DeltaDecimal WithPrecision(int precision, int scale) => new(Rescale(UnscaledValue, Scale, scale), precision, scale);

    /// <summary>Gets the value as a <see cref="decimal"/> when it fits one exactly.</summary>
    public bool TryToDecimal(out decimal value)
    {
        var magnitude = BigInteger.Abs(UnscaledValue);
        if (Scale > 28 || magnitude.GetBitLength() > 96)
        {
            value = 0;
            return false;
        }

        var bytes = new byte[12];
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true);
        value = new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), UnscaledValue.Sign < 0, (byte)Scale);
        return true;
    }

    /// <summary>The value as a <see cref="decimal"/>; fails when it does not fit one exactly.</summary>
    public static explicit operator decimal(DeltaDecimal value) => value.TryToDecimal(out var result)
        ? result
        : throw new OverflowException($"{value} does not fit System.Decimal.");

    /// <inheritdoc/>
    public static bool operator ==(DeltaDecimal left, DeltaDecimal right) => left.Equals(right);

    /// <inheritdoc/>
    public static bool operator !=(DeltaDecimal left, DeltaDecimal right) => !left.Equals(right);

    /// <inheritdoc/>
    public static bool operator <(DeltaDecimal left, DeltaDecimal right) => left.CompareTo(right) < 0;

    /// <inheritdoc/>
    public static bool operator <=(DeltaDecimal left, DeltaDecimal right) => left.CompareTo(right) <= 0;

    /// <inheritdoc/>
    public static bool operator >(DeltaDecimal left, DeltaDecimal right) => left.CompareTo(right) > 0;

    /// <inheritdoc/>
    public static bool operator >=(DeltaDecimal left, DeltaDecimal right) => left.CompareTo(right) >= 0;

    /// <inheritdoc/>
    public int CompareTo(DeltaDecimal other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return (UnscaledValue * PowersOfTen[scale - Scale]).CompareTo(other.UnscaledValue * PowersOfTen[scale - other.Scale]);
    }

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        DeltaDecimal other => CompareTo(other),
        decimal other => CompareTo(FromDecimal(other, MaxPrecision, Math.Min((int)other.Scale, MaxPrecision))),
        _ => throw new ArgumentException($"Cannot compare a {nameof(DeltaDecimal)} with {obj.GetType().Name}.", nameof(obj)),
    };

    /// <inheritdoc/>
    public bool Equals(DeltaDecimal other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DeltaDecimal other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // Trailing zeros do not change the value, so they must not change the hash.
        var unscaled = UnscaledValue;
        var scale = Scale;
        while (scale > 0 && !unscaled.IsZero && (unscaled % 10).IsZero)
        {
            unscaled /= 10;
            scale--;
        }

        return unscaled.IsZero ? 0 : HashCode.Combine(unscaled, scale);
    }

    /// <summary>The exact value in plain notation with <see cref="Scale"/> fraction digits, e.g. <c>-0.000001</c>.</summary>
    public override string ToString() => Format(UnscaledValue, Scale);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    private static BigInteger Rescale(BigInteger unscaled, int fromScale, int toScale)
    {
        if (toScale >= fromScale)
        {
            return toScale - fromScale >= PowersOfTen.Length
                ? (unscaled.IsZero ? unscaled : throw new OverflowException("The value has too many digits."))
                : unscaled * PowersOfTen[toScale - fromScale];
        }

        var divisor = fromScale - toScale < PowersOfTen.Length ? PowersOfTen[fromScale - toScale] : BigInteger.Pow(10, fromScale - toScale);
        var quotient = BigInteger.DivRem(unscaled, divisor, out var remainder);
        var twice = BigInteger.Abs(remainder) * 2;
        var comparison = twice.CompareTo(divisor);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven))
        {
            quotient += unscaled.Sign;
        }

        return quotient;
    }

    private static string Format(BigInteger unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(digits.Length + 3);
        if (unscaled.Sign < 0)
        {
            builder.Append('-');
        }

        if (scale == 0)
        {
            return builder.Append(digits).ToString();
        }

        if (digits.Length <= scale)
        {
            return builder.Append("0.").Append('0', scale - digits.Length).Append(digits).ToString();
        }

        return builder.Append(digits, 0, digits.Length - scale).Append('.').Append(digits, digits.Length - scale, scale).ToString();
    }
}
