using System.Globalization;
using System.Text.Json;
using Tributary.Delta.Schema;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Data;

/// <summary>
/// Decimals wider than System.Decimal (precision above 28) are a known limit: these tests pin down what happens, so
/// the failure stays a clear error and never a wrong value.
/// </summary>
public sealed class WideDecimalTests
{
    [Fact]
    public async Task Writing_a_decimal_column_of_precision_above_28_fails_naming_the_column_and_type_and_commits_nothing()
    {
        using var fixture = new TableFixture();
        var schema = new StructType(new StructField("id", PrimitiveType.Long), new StructField("big", new DecimalType(38, 2)));
        var table = await fixture.CreateAsync(schema);
        var batch = DeltaBatch.FromRows(schema, [new Dictionary<string, object?> { ["id"] = 1L, ["big"] = 1.5m }]);

        var error = await Assert.ThrowsAsync<DeltaSchemaException>(() => table.AppendAsync(batch));

        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        Assert.Contains("decimal(38,2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("precision 28", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
        Assert.Empty(Directory.GetFiles(fixture.Path, "*.parquet"));
    }

    [Fact]
    public async Task Adding_a_wide_decimal_column_by_schema_evolution_fails_the_same_way()
    {
        using var fixture = new TableFixture();
        var narrow = new StructType(new StructField("id", PrimitiveType.Long));
        var table = await fixture.CreateAsync(narrow);
        var wide = new StructType(new StructField("id", PrimitiveType.Long), new StructField("total", new DecimalType(30, 4)));
        var batch = DeltaBatch.FromRows(wide, [new Dictionary<string, object?> { ["id"] = 1L, ["total"] = 2m }]);

        var error = await Assert.ThrowsAsync<DeltaSchemaException>(() => table.AppendAsync(batch, new DeltaWriteOptions { AllowSchemaEvolution = true }));

        Assert.Contains("'total' is decimal(30,4)", error.Message, StringComparison.Ordinal);
        Assert.Equal(narrow, (await table.GetSnapshotAsync()).Schema);
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
