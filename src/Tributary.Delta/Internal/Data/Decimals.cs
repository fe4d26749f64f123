namespace Tributary.Delta.Internal.Data;

/// <summary>Keeps decimals at their column's scale, so 1 in a decimal(5,2) column is 1.00 as Spark shows it.</summary>
internal static class Decimals
{
    public static decimal WithScale(decimal value, int scale)
    {
        if (scale > 28)
        {
            return value;
        }

        var rounded = decimal.Round(value, scale, MidpointRounding.ToEven);
        return rounded.Scale == scale ? rounded : rounded + new decimal(0, 0, 0, false, (byte)scale);
    }
}
