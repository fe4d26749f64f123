namespace Tributary.Delta.Internal.Data;

/// <summary>Typed column helpers that avoid boxing for the common column types.</summary>
internal static class ColumnOps
{
    public static Array Take(Array column, IReadOnlyList<int> rows) => column switch
    {
        string?[] a => Take(a, rows),
        long?[] a => Take(a, rows),
        int?[] a => Take(a, rows),
        double?[] a => Take(a, rows),
        DateTimeOffset?[] a => Take(a, rows),
        decimal?[] a => Take(a, rows),
        DeltaDecimal?[] a => Take(a, rows),
        bool?[] a => Take(a, rows),
        DateOnly?[] a => Take(a, rows),
        short?[] a => Take(a, rows),
        sbyte?[] a => Take(a, rows),
        float?[] a => Take(a, rows),
        byte[]?[] a => Take(a, rows),
        object?[] a => Take(a, rows),
        _ => throw new ArgumentException($"Unsupported column array {column.GetType().Name}.", nameof(column)),
    };

    public static T[] Take<T>(T[] column, IReadOnlyList<int> rows)
    {
        var result = new T[rows.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = column[rows[i]];
        }

        return result;
    }

    /// <summary>An all-null column of the given element type.</summary>
    public static Array Nulls(Type elementType, int length) => Array.CreateInstance(elementType, length);
}
