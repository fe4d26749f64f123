namespace Tributary.Delta.Internal.Data;

/// <summary>What is known about a column's values in one file: min/max (inclusive) and null count, each possibly unknown.</summary>
internal interface IColumnBounds
{
    /// <summary>Returns false when nothing is known about the column in this file.</summary>
    bool TryGet(string column, out ColumnBound bound);
}
