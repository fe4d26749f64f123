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
    public async Task Reading_a_Spark_value_beyond_System_Decimal_fails_naming_the_file_column_and_type()
    {
        var path = SharedFolder.Require("delta", "golden", "decimal-various-scale-precision");
        var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(path))).GetSnapshotAsync();
        Assert.Contains(snapshot.Schema.Fields, f => f.Type is DecimalType { Precision: 38 });

        var error = await Assert.ThrowsAsync<DeltaException>(() => snapshot.ReadAllAsync());

        Assert.Matches(@"Data file 'part-[^']+\.parquet', row group 0: cannot read column 'decimal_\d+_\d+' as decimal\(\d+,\d+\)", error.Message);
        Assert.IsType<OverflowException>(error.InnerException);
    }
}
