using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

/// <summary><c>tributary query</c>'s engine over Spark-written golden tables; expected contents from golden/INDEX.md.</summary>
public sealed class QueryGoldenTablesTests
{
    [SkippableFact]
    public async Task Reads_the_latest_snapshot_after_an_overwrite_and_an_append()
    {
        var folder = SharedFolder.Require("delta", "golden", "snapshot-data3");
        using var session = DeltaQuerySession.Open();
        await session.RegisterTableAsync("t", folder);

        var rows = Rows(session, "SELECT col2 FROM t ORDER BY col2");

        var expected = Enumerable.Range(0, 10).Select(i => $"data-2-{i}").Concat(Enumerable.Range(0, 20).Select(i => $"data-3-{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => r[0]));
    }

    [SkippableFact]
    public async Task Time_travel_by_version_sees_each_version()
    {
        var folder = SharedFolder.Require("delta", "golden", "time-travel-start-start20-start40");
        using var session = DeltaQuerySession.Open();
        foreach (var (version, count) in new[] { (0L, 10L), (1L, 20L), (2L, 30L) })
        {
            await session.RegisterTableAsync("t", folder, version);
            Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), Rows(session, "SELECT count(*) FROM t")[0][0]);
        }
    }

    [SkippableFact]
    public async Task Partition_values_of_every_type_become_typed_columns()
    {
        var folder = SharedFolder.Require("delta", "golden", "data-reader-partition-values");
        using var session = DeltaQuerySession.Open();
        await session.RegisterTableAsync("t", folder);

        var rows = Rows(session,
            "SELECT value, as_int, as_long, as_boolean, as_string, as_string_lit_null, CAST(as_date AS VARCHAR), typeof(as_int), typeof(as_date), " +
            "CAST(as_big_decimal AS VARCHAR) FROM t ORDER BY value");

        Assert.Equal(3, rows.Count);
        Assert.Equal(["0", "0", "0", "true", "0", "null", "2021-09-08", "INTEGER", "DATE", "0"], rows[0][..10]);
        Assert.Equal(["1", "1", "1", "false", "1", "null", "2021-09-08", "INTEGER", "DATE", "1"], rows[1][..10]);
        Assert.Equal(["2", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL"], rows[2][..7]);
    }

    [SkippableFact]
    public async Task Columns_added_later_read_as_null_in_older_files()
    {
        var folder = SharedFolder.Require("delta", "golden", "time-travel-schema-changes-b");
        using var session = DeltaQuerySession.Open();
        await session.RegisterTableAsync("t", folder);

        var rows = Rows(session, "SELECT id, part FROM t ORDER BY id");

        Assert.Equal(20, rows.Count);
        Assert.All(rows.Take(10), r => Assert.Equal("NULL", r[1]));
        Assert.All(rows.Skip(10), r => Assert.Equal(r[0], r[1]));

        await session.RegisterTableAsync("v0", folder, version: 0);
        Assert.Equal(["id"], Rows(session, "SELECT column_name FROM (DESCRIBE v0)").Select(r => r[0]));
    }

    [SkippableFact]
    public async Task Two_string_partition_columns_and_decimals()
    {
        using var session = DeltaQuerySession.Open();
        await session.RegisterTableAsync("prune", SharedFolder.Require("delta", "golden", "hive", "deltatbl-partition-prune"));
        await session.RegisterTableAsync("dec", SharedFolder.Require("delta", "golden", "basic-decimal-table"));

        Assert.Equal(["Jim,hz,20180520,3", "Jone,hz,20180718,7"], Rows(session, "SELECT name || ',' || city || ',' || date || ',' || cnt FROM prune WHERE city = 'hz' ORDER BY name").Select(r => r[0]));
        Assert.Equal(
            ["-2342342.23423,-999.99", "0.00004,0.00", "234.00000,1.00", "2342222.23454,111.11"],
            Rows(session, "SELECT CAST(part AS VARCHAR) || ',' || CAST(col1 AS VARCHAR) FROM dec ORDER BY part").Select(r => r[0]));
    }

    private static List<string[]> Rows(DeltaQuerySession session, string sql)
    {
        using var reader = session.Execute(sql);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.IsDBNull(i) ? null : reader.GetValue(i))).ToArray());
        }

        return rows;
    }

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
