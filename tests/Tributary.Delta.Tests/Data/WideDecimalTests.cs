using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Tributary.Delta.Schema;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Data;

/// <summary>
/// Decimals wider than System.Decimal (precision above 28) are a known limit: these tests pin down what happens, so
/// the failure stays a clear error and never a wrong value.
/// </summary>
public sealed class WideDecimalTests
{
    private const string Max = "99999999999999999999.999999999999999999";
    private const string Tiny = "0.000000000000000001";

    private static readonly StructType Schema = new(new StructField("id", PrimitiveType.Long), new StructField("big", new DecimalType(38, 18)));

    /// <summary>The extremes of decimal(38,18): ±(10^38-1) unscaled, zero, ± one unit of the last digit, and null.</summary>
    private static DeltaBatch Extremes() => DeltaBatch.FromRows(Schema,
    [
        Row(1, DeltaDecimal.Parse(Max, 38, 18)),
        Row(2, DeltaDecimal.Parse("-" + Max, 38, 18)),
        Row(3, 0m),
        Row(4, DeltaDecimal.Parse(Tiny, 38, 18)),
        Row(5, "-" + Tiny),
        Row(6, 12345.6789m),
        Row(7, null),
    ]);

    private static readonly string[] ExpectedRows =
    [
        "1|" + Max, "2|-" + Max, "3|0.000000000000000000", "4|" + Tiny, "5|-" + Tiny, "6|12345.678900000000000000", "7|null",
    ];

    [Fact]
    public async Task A_decimal_38_18_column_round_trips_its_extremes_exactly()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(Schema);

        await table.AppendAsync(Extremes());

        var batch = await (await table.GetSnapshotAsync()).ReadAllAsync();
        Assert.IsType<DeltaDecimal?[]>(batch.Column("big"));
        Assert.Equal(ExpectedRows, Rows(batch));
    }

    [Fact]
    public async Task DuckDb_reads_the_wide_decimals_as_fixed_len_byte_arrays_of_the_fewest_bytes()
    {
        using var fixture = new TableFixture();
        var schema = new StructType(Schema.Fields.Append(new StructField("narrowest_wide", new DecimalType(29, 0))).ToArray());
        var table = await fixture.CreateAsync(schema);
        var rows = Enumerable.Range(0, Extremes().RowCount).Select(r => new Dictionary<string, object?>
        {
            ["id"] = Extremes().Column("id").GetValue(r),
            ["big"] = Extremes().Column("big").GetValue(r),
            ["narrowest_wide"] = r == 0 ? "99999999999999999999999999999" : r == 1 ? "-99999999999999999999999999999" : null,
        });
        await table.AppendAsync(DeltaBatch.FromRows(schema, rows.ToList()));
        var file = Path.Combine(fixture.Path, Assert.Single(await (await table.GetSnapshotAsync()).GetFilesAsync()).Path);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var theirs = Query(connection, $"SELECT CAST(id AS VARCHAR) || '|' || coalesce(CAST(big AS VARCHAR), 'null') FROM read_parquet('{file}') ORDER BY id");
        var layout = Query(connection, $"SELECT name || ':' || type || ':' || type_length || ':' || converted_type FROM parquet_schema('{file}') WHERE name <> 'id' AND num_children IS NULL ORDER BY name");
        var narrowest = Query(connection, $"SELECT CAST(narrowest_wide AS VARCHAR) FROM read_parquet('{file}') WHERE id <= 2 ORDER BY id");

        Assert.Equal(ExpectedRows, theirs.Select(t => t.Replace("|0E-18", "|0.000000000000000000", StringComparison.Ordinal)));
        Assert.Equal(["big:FIXED_LEN_BYTE_ARRAY:16:DECIMAL", "narrowest_wide:FIXED_LEN_BYTE_ARRAY:13:DECIMAL"], layout);
        Assert.Equal(["99999999999999999999999999999", "-99999999999999999999999999999"], narrowest);
    }

    [Fact]
    public void A_value_with_more_digits_than_the_precision_fails_naming_the_row_and_column()
    {
        var error = Assert.Throws<ArgumentException>(() => DeltaBatch.FromRows(Schema, [Row(1, "1" + Max)]));

        Assert.Contains("Row 0, column 'big' (decimal(38,18))", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than 38 digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_a_wide_decimal_column_by_schema_evolution_works_and_old_rows_read_null()
    {
        using var fixture = new TableFixture();
        var narrow = new StructType(new StructField("id", PrimitiveType.Long));
        var table = await fixture.CreateAsync(narrow);
        await table.AppendAsync(DeltaBatch.FromRows(narrow, [new Dictionary<string, object?> { ["id"] = 0L }]));

        await table.AppendAsync(DeltaBatch.FromRows(Schema, [Row(1, Max)]), new DeltaWriteOptions { AllowSchemaEvolution = true });

        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(Schema, snapshot.Schema);
        Assert.Equal(["0|null", "1|" + Max], Rows(await snapshot.ReadAllAsync()));
    }

    private static Dictionary<string, object?> Row(long id, object? big) => new() { ["id"] = id, ["big"] = big };

    private static List<string> Rows(DeltaBatch batch) => Enumerable.Range(0, batch.RowCount)
        .Select(r => $"{batch.Column("id").GetValue(r)}|{batch.Column("big").GetValue(r)?.ToString() ?? "null"}")
        .Order(StringComparer.Ordinal)
        .ToList();

    private static List<string> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    [SkippableFact]
    public async Task Spark_decimals_of_every_precision_read_as_the_values_its_stats_record()
    {
        var path = SharedFolder.Require("delta", "golden", "decimal-various-scale-precision");
        var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(path))).GetSnapshotAsync();
        var (min, max) = ReadStats(path);

        var batch = await snapshot.ReadAllAsync();

        Assert.Equal(3, batch.RowCount);
        var wide = 0;
        foreach (var field in snapshot.Schema.Fields)
        {
            var type = (DecimalType)field.Type;
            var values = Enumerable.Range(0, 3).Select(r => batch.Column(field.Name).GetValue(r)).Where(v => v is not null).ToList();
            if (!min.ContainsKey(field.Name))
            {
                // Spark records no bounds for a column whose random values were all null.
                Assert.Empty(values);
                continue;
            }

            Assert.Equal(2, values.Count);
            if (type.Precision > 28)
            {
                wide++;
                var expected = new[] { DeltaDecimal.Parse(min[field.Name], type.Precision, type.Scale), DeltaDecimal.Parse(max[field.Name], type.Precision, type.Scale) };
                var actual = values.Cast<DeltaDecimal>().Order().ToArray();
                Assert.Equal(expected.Select(e => e.ToString()), actual.Select(a => a.ToString()));
                Assert.All(actual, a => Assert.Equal((type.Precision, type.Scale), (a.Precision, a.Scale)));
            }
            else
            {
                var expected = new[] { decimal.Parse(min[field.Name], NumberStyles.Float, CultureInfo.InvariantCulture), decimal.Parse(max[field.Name], NumberStyles.Float, CultureInfo.InvariantCulture) };
                Assert.Equal(expected, values.Cast<decimal>().Order());
            }
        }

        Assert.Equal(13, wide);
    }

    private static (Dictionary<string, string> Min, Dictionary<string, string> Max) ReadStats(string path)
    {
        var log = File.ReadLines(Path.Combine(path, "_delta_log", "00000000000000000000.json"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.TryGetProperty("add", out _));
        using var stats = JsonDocument.Parse(log.GetProperty("add").GetProperty("stats").GetString()!);
        static Dictionary<string, string> Read(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        return (Read(stats.RootElement.GetProperty("minValues")), Read(stats.RootElement.GetProperty("maxValues")));
    }
}
