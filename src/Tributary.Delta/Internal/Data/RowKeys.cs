using System.Text;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>Composite row keys for MERGE: an unambiguous text form of the key columns' values (null when any is null).</summary>
internal static class RowKeys
{
    public static string? Of(DeltaBatch batch, IReadOnlyList<int> keyColumns, int row, StringBuilder scratch)
    {
        scratch.Clear();
        foreach (var c in keyColumns)
        {
            var value = batch.Columns[c].GetValue(row);
            if (value is null)
            {
                return null;
            }

            var text = PartitionValues.Format(batch.Schema.Fields[c].Type, value) ?? string.Empty;
            scratch.Append(text.Length).Append(':').Append(text);
        }

        return scratch.ToString();
    }

    public static string Describe(DeltaBatch batch, IReadOnlyList<int> keyColumns, int row) =>
        "(" + string.Join(", ", keyColumns.Select(c => $"{batch.Schema.Fields[c].Name}={DeltaPredicate.Literal(batch.Columns[c].GetValue(row))}")) + ")";

    /// <summary>The distinct non-null values of a column, sorted, for range checks against file stats.</summary>
    public static List<object> SortedDistinct(Array column, int rows)
    {
        var set = new HashSet<object>();
        for (var i = 0; i < rows; i++)
        {
            if (column.GetValue(i) is { } v)
            {
                set.Add(v is byte[] b ? Convert.ToBase64String(b) : v);
            }
        }

        var list = set.ToList();
        list.Sort(ValueComparer.Instance);
        return list;
    }

    /// <summary>Whether any of the sorted values lies within the bound's [min, max] (unknown bounds: maybe).</summary>
    public static bool AnyWithin(List<object> sorted, ColumnBound bound)
    {
        if (sorted.Count == 0 || bound.AllNull)
        {
            return false;
        }

        var cmp = ValueComparer.Instance;
        var lo = 0;
        var hi = sorted.Count;
        if (bound.Min is { } min)
        {
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (cmp.Compare(sorted[mid], min) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
        }

        return lo < sorted.Count && (bound.Max is not { } max || cmp.Compare(sorted[lo], max) <= 0);
    }

    public static bool IsStatsComparable(DeltaType type) => type is DecimalType || type is PrimitiveType { Name: not ("binary" or "boolean") };
}
