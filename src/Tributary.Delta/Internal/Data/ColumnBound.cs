namespace Tributary.Delta.Internal.Data;

/// <summary>Bounds of one column in one file. Null members are unknown.</summary>
internal readonly record struct ColumnBound(object? Min, object? Max, long? NullCount, long? RowCount)
{
    public bool AllNull => NullCount is { } n && RowCount is { } r && n >= r;

    public bool NoNulls => NullCount == 0;
}
