namespace Tributary.Delta.Internal.Data;

/// <summary>Evaluates a bound predicate on the rows of a batch.</summary>
internal static class RowFilter
{
    public static List<int> Matching(DeltaBatch batch, DeltaPredicate predicate, bool negate = false)
    {
        var row = new BatchRow(batch);
        var result = new List<int>();
        for (var i = 0; i < batch.RowCount; i++)
        {
            row.Row = i;
            if ((predicate.Evaluate(row) == true) != negate)
            {
                result.Add(i);
            }
        }

        return result;
    }

    private sealed class BatchRow(DeltaBatch batch) : IValueSource
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.OrdinalIgnoreCase);

        public int Row { get; set; }

        public object? Get(string column)
        {
            if (!_indexes.TryGetValue(column, out var index))
            {
                index = batch.IndexOf(column);
                _indexes[column] = index;
            }

            return index < 0 ? null : batch.Columns[index].GetValue(Row);
        }
    }
}
