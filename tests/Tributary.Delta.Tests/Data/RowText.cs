using System.Collections;
using System.Globalization;

namespace Tributary.Delta.Tests.Data;

/// <summary>
/// Renders rows as comparable text: values joined by '|'; null as "null", timestamps as epoch microseconds, binary as
/// 0x-hex, lists as [..], structs as {..} (values in field order), maps as {k:v,..} sorted by key.
/// </summary>
internal static class RowText
{
    public static List<string> Of(DeltaBatch batch, params string[] columns)
    {
        var indexes = (columns.Length == 0 ? batch.Schema.Fields.Select(f => f.Name).ToArray() : columns).Select(batch.IndexOf).ToArray();
        Assert.DoesNotContain(-1, indexes);
        var rows = new List<string>(batch.RowCount);
        for (var r = 0; r < batch.RowCount; r++)
        {
            rows.Add(string.Join("|", indexes.Select(c => Value(batch.Columns[c].GetValue(r)))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static List<string> Sorted(IEnumerable<string> rows)
    {
        var list = rows.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public static string Value(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture),
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        IReadOnlyDictionary<string, object?> record => "{" + string.Join(",", record.Values.Select(Value)) + "}",
        IReadOnlyDictionary<object, object?> map => "{" + string.Join(",", map.Select(p => Value(p.Key) + ":" + Value(p.Value)).Order(StringComparer.Ordinal)) + "}",
        IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Value)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
