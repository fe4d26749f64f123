namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Orders column values of the same Delta type. Strings compare by Unicode code point (the UTF-8 byte order that
/// Delta stats use), numbers across CLR numeric types by value.
/// </summary>
internal sealed class ValueComparer : IComparer<object>
{
    public static readonly ValueComparer Instance = new();

    public int Compare(object? x, object? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        return (x, y) switch
        {
            (string a, string b) => CompareCodePoints(a, b),
            (long a, long b) => a.CompareTo(b),
            (int a, int b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (decimal a, decimal b) => a.CompareTo(b),
            (DeltaDecimal a, _) when y is DeltaDecimal || IsNumber(y) => a.CompareTo(Wide(y)),
            (_, DeltaDecimal b) when IsNumber(x) => -b.CompareTo(Wide(x)),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            (DateOnly a, DateOnly b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            (byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b),
            (float or double, _) or (_, float or double) => Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)
                .CompareTo(Convert.ToDouble(y, System.Globalization.CultureInfo.InvariantCulture)),
            (IConvertible, IConvertible) when IsNumber(x) && IsNumber(y) => Convert.ToDecimal(x, System.Globalization.CultureInfo.InvariantCulture)
                .CompareTo(Convert.ToDecimal(y, System.Globalization.CultureInfo.InvariantCulture)),
            _ when x.GetType() == y.GetType() && x is IComparable c => c.CompareTo(y),
            _ => throw new ArgumentException($"Cannot compare {x.GetType().Name} with {y.GetType().Name}."),
        };
    }

    public static new bool Equals(object? x, object? y) => x is not null && y is not null && Instance.Compare(x, y) == 0;

    public static int CompareCodePoints(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca != cb)
            {
                // UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF.
                var sa = char.IsSurrogate(ca);
                var sb = char.IsSurrogate(cb);
                return sa == sb ? ca.CompareTo(cb) : (sa ? 1 : -1);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static object Wide(object number) => number is DeltaDecimal ? number : Convert.ToDecimal(number, System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsNumber(object value) => value is sbyte or short or int or long or byte or ushort or uint or ulong or decimal;
}
