using System.Globalization;
using Parquet.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Keeps decimals at their column's scale, so 1 in a decimal(5,2) column is 1.00 as Spark shows it; columns of
/// precision above 28 (beyond <see cref="decimal"/>) hold <see cref="DeltaDecimal"/> instead.
/// </summary>
internal static class Decimals
{
    /// <summary>The largest precision whose every value fits <see cref="decimal"/>.</summary>
    public const int MaxNarrowPrecision = 28;

    public static bool IsWide(DecimalType type) => type.Precision > MaxNarrowPrecision;

    public static decimal WithScale(decimal value, int scale)
    {
        if (scale > 28)
        {
            return value;
        }

        var rounded = decimal.Round(value, scale, MidpointRounding.ToEven);
        return rounded.Scale == scale ? rounded : rounded + new decimal(0, 0, 0, false, (byte)scale);
    }

    /// <summary>Converts a loosely typed number to the CLR value of the column: decimal, or DeltaDecimal when wide.</summary>
    public static object ToColumnValue(DecimalType type, object value)
    {
        var culture = CultureInfo.InvariantCulture;
        if (IsWide(type))
        {
            return value switch
            {
                DeltaDecimal d => d.WithPrecision(type.Precision, type.Scale),
                BigDecimal b => FromParquet(b).WithPrecision(type.Precision, type.Scale),
                string s => DeltaDecimal.Parse(s, type.Precision, type.Scale),
                float or double => DeltaDecimal.Parse(Convert.ToDouble(value, culture).ToString("R", culture), type.Precision, type.Scale),
                _ => DeltaDecimal.FromDecimal(Convert.ToDecimal(value, culture), type.Precision, type.Scale),
            };
        }

        return value switch
        {
            DeltaDecimal d => WithScale((decimal)d.WithPrecision(DeltaDecimal.MaxPrecision, type.Scale), type.Scale),
            BigDecimal b => WithScale((decimal)FromParquet(b), type.Scale),
            _ => WithScale(Convert.ToDecimal(value, culture), type.Scale),
        };
    }

    /// <summary>Parses a decimal written as text (partition values, stats) to the column's CLR value.</summary>
    public static object Parse(DecimalType type, string text) => IsWide(type)
        ? DeltaDecimal.Parse(text, type.Precision, type.Scale)
        : WithScale(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), type.Scale);

    public static DeltaDecimal FromParquet(BigDecimal value) => new(value.UnscaledValue, Math.Clamp(value.Precision, 1, DeltaDecimal.MaxPrecision), value.Scale);

    /// <summary>A value of a wide column as Parquet.Net writes it, at the column's precision and scale.</summary>
    public static BigDecimal ToParquet(DeltaDecimal value, DecimalType type, string column)
    {
        if (value.Precision != type.Precision || value.Scale != type.Scale)
        {
            try
            {
                value = value.WithPrecision(type.Precision, type.Scale);
            }
            catch (OverflowException e)
            {
                throw new DeltaSchemaException($"Column '{column}' is {type}: the value {value} does not fit it.", e);
            }
        }

        return new BigDecimal(value.UnscaledValue, value.Precision, value.Scale);
    }
}
