using Tributary.Delta.Internal.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>
/// A columnar batch of rows: one CLR array per column of <see cref="Schema"/>. Column element types are
/// <c>string?</c>, <c>long?</c>, <c>int?</c>, <c>short?</c>, <c>sbyte?</c> (byte), <c>bool?</c>, <c>float?</c>,
/// <c>double?</c>, <c>decimal?</c> (<see cref="DeltaDecimal"/>? when the precision is above 28), <c>DateOnly?</c> (date), <c>DateTimeOffset?</c> (timestamp, UTC, microseconds),
/// <c>byte[]?</c> (binary) and <c>object?</c> for nested values (struct = <c>IReadOnlyDictionary&lt;string, object?&gt;</c>,
/// array = <c>IReadOnlyList&lt;object?&gt;</c>, map = <c>IReadOnlyDictionary&lt;object, object?&gt;</c>).
/// </summary>
public sealed class DeltaBatch
{
    /// <summary>Creates a batch from columns, checking that each array has the CLR type and the length the schema asks.</summary>
    /// <exception cref="ArgumentException">A column is missing, of the wrong type or of the wrong length.</exception>
    public DeltaBatch(StructType schema, IReadOnlyList<Array> columns, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != schema.Fields.Count)
        {
            throw new ArgumentException($"The schema has {schema.Fields.Count} columns but {columns.Count} arrays were given.", nameof(columns));
        }

        for (var i = 0; i < columns.Count; i++)
        {
            var field = schema.Fields[i];
            var expected = ColumnTypes.ElementType(field.Type);
            var column = columns[i] ?? throw new ArgumentException($"Column '{field.Name}' has no array.", nameof(columns));
            if (column.GetType().GetElementType() != expected)
            {
                throw new ArgumentException(
                    $"Column '{field.Name}' of type {ColumnTypes.Describe(field.Type)} needs a {expected.Name}[] array, not {column.GetType().Name}.",
                    nameof(columns));
            }

            if (column.Length < rowCount)
            {
                throw new ArgumentException($"Column '{field.Name}' has {column.Length} values; the batch has {rowCount} rows.", nameof(columns));
            }
        }

        Schema = schema;
        Columns = columns;
        RowCount = rowCount;
    }

    /// <summary>The columns' names and types.</summary>
    public StructType Schema { get; }

    /// <summary>The number of rows; column arrays may be longer, and values past this count are ignored.</summary>
    public int RowCount { get; }

    /// <summary>One array per column, in schema order.</summary>
    public IReadOnlyList<Array> Columns { get; }

    /// <summary>Finds the position of a column by name (ignoring case, as Delta does), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            if (string.Equals(Schema.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Returns a column's array by name.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public Array Column(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? throw new KeyNotFoundException($"The batch has no column '{name}'.") : Columns[index];
    }

    /// <summary>Returns a column's typed array by name, for example <c>batch.Column&lt;long?&gt;("id")</c>.</summary>
    public T[] Column<T>(string name) => (T[])Column(name);

    /// <summary>Returns one value (boxed); prefer the typed column arrays on hot paths.</summary>
    public object? GetValue(int column, int row) => Columns[column].GetValue(row);

    /// <summary>Enumerates the rows as dictionaries keyed by column name.</summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> EnumerateRows()
    {
        for (var row = 0; row < RowCount; row++)
        {
            yield return GetRow(row);
        }
    }

    /// <summary>Returns one row as a dictionary keyed by column name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, object?> GetRow(int row)
    {
        var values = new Dictionary<string, object?>(Schema.Fields.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            values[Schema.Fields[i].Name] = Columns[i].GetValue(row);
        }

        return values;
    }

    /// <summary>
    /// Builds a batch from rows keyed by column name (ignoring case). Missing keys are null. Values are converted to
    /// the column's CLR type when the conversion is exact (an <c>int</c> into a <c>long</c> column, a
    /// <c>DateTime</c> into a timestamp column); anything else fails naming the row and the column.
    /// </summary>
    public static DeltaBatch FromRows(StructType schema, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows as IReadOnlyList<IReadOnlyDictionary<string, object?>> ?? rows.ToList();
        var columns = new Array[schema.Fields.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var field = schema.Fields[c];
            var column = ColumnTypes.CreateColumn(field.Type, list.Count);
            for (var r = 0; r < list.Count; r++)
            {
                var value = ValueConverter.FindField(list[r], field.Name);
                try
                {
                    column.SetValue(ValueConverter.ToColumnValue(field.Type, value), r);
                }
                catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
                {
                    throw new ArgumentException($"Row {r}, column '{field.Name}' ({ColumnTypes.Describe(field.Type)}): {e.Message}", nameof(rows), e);
                }
            }

            columns[c] = column;
        }

        return new DeltaBatch(schema, columns, list.Count);
    }

    /// <summary>Returns a batch of the rows at <paramref name="rows"/>, in that order.</summary>
    public DeltaBatch Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = new Array[Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnOps.Take(Columns[c], rows);
        }

        return new DeltaBatch(Schema, columns, rows.Count);
    }

    /// <summary>Returns rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    public DeltaBatch Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, RowCount);
        if (start == 0 && count == RowCount)
        {
            return this;
        }

        var columns = new Array[Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = Array.CreateInstance(Columns[c].GetType().GetElementType()!, count);
            Array.Copy(Columns[c], start, column, 0, count);
            columns[c] = column;
        }

        return new DeltaBatch(Schema, columns, count);
    }

    /// <summary>Concatenates batches of the same schema.</summary>
    public static DeltaBatch Concat(StructType schema, IReadOnlyList<DeltaBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 1 && batches[0].Schema.Equals(schema))
        {
            return batches[0];
        }

        var total = batches.Sum(b => b.RowCount);
        var columns = new Array[schema.Fields.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnTypes.CreateColumn(schema.Fields[c].Type, total);
        }

        var offset = 0;
        foreach (var batch in batches)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var source = batch.IndexOf(schema.Fields[c].Name);
                if (source >= 0)
                {
                    Array.Copy(batch.Columns[source], 0, columns[c], offset, batch.RowCount);
                }
            }

            offset += batch.RowCount;
        }

        return new DeltaBatch(schema, columns, total);
    }
}
