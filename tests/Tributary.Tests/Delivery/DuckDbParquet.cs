using DuckDB.NET.Data;

namespace Tributary.Tests.Delivery;

/// <summary>Reads staging Parquet files with DuckDB, an independent reader, to check what the files really hold.</summary>
internal static class DuckDbParquet
{
    public static IReadOnlyList<(string Name, string Type)> Describe(string path) =>
        Query($"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();

    public static IReadOnlyList<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone='UTC'";
        command.ExecuteNonQuery();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
