using System.Globalization;
using Tributary.Load;

namespace Tributary.TestSupport;

/// <summary>
/// A query's result as text cells ("NULL" for null), so tests can compare whole results at once. Linked only into the
/// test projects that reference Tributary (not Tributary.Delta.Tests), hence its own folder.
/// </summary>
internal static class QueryRows
{
    public static List<string[]> Of(DeltaQuerySession session, string sql)
    {
        using var reader = session.Execute(sql);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)
                .ToArray());
        }

        return rows;
    }
}
