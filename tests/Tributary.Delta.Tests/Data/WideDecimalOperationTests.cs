using System.Text.Json;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>
/// Decimals of precision 29–38 in the log and in row-level operations: exact stats bounds, partition values of a
/// decimal(38,2) column, predicates that prune by those bounds, and MERGE keyed on a wide decimal.
/// </summary>
public sealed class WideDecimalOperationTests
{
    private const string Huge = "999999999999999999999999999999999999.99";

    private static readonly StructType Schema = new(
        new StructField("amount", new DecimalType(38, 2)),
        new StructField("id", PrimitiveType.Long),
        new StructField("big", new DecimalType(38, 18)));

    [Fact]
    public async Task Stats_record_the_exact_bounds_and_null_count_of_a_wide_column()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(Schema);

        await table.AppendAsync(Batch((Huge, 1, "-12345678901234567890.123456789012345678"), ("0", 2, "0.000000000000000001"), ("1", 3, null)));

        var stats = Stats(Assert.Single((await table.GetSnapshotAsync()).Files).Stats!);
        Assert.Equal("-12345678901234567890.123456789012345678", stats.GetProperty("minValues").GetProperty("big").GetRawText());
        Assert.Equal("0.000000000000000001", stats.GetProperty("maxValues").GetProperty("big").GetRawText());
        Assert.Equal("0.00", stats.GetProperty("minValues").GetProperty("amount").GetRawText());
        Assert.Equal(Huge, stats.GetProperty("maxValues").GetProperty("amount").GetRawText());
        Assert.Equal(1, stats.GetProperty("nullCount").GetProperty("big").GetInt64());
        await LogValidator.ValidateAsync(fixture.Path);
    }

    [Fact]
    public async Task A_decimal_38_2_partition_column_writes_exact_partition_values_and_reads_them_back()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(Schema, ["amount"]);

        await table.AppendAsync(Batch((Huge, 1, "1"), ("-" + Huge, 2, "2"), ("-1.5", 3, "3"), (null, 4, "4")));

        var snapshot = await table.GetSnapshotAsync();
        var values = snapshot.Files.Select(f => f.PartitionValues["amount"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([null, "-1.50", "-" + Huge, Huge], values);
        Assert.True(Directory.Exists(Path.Combine(fixture.Path, "amount=" + Huge)));
        Assert.True(Directory.Exists(Path.Combine(fixture.Path, "amount=__HIVE_DEFAULT_PARTITION__")));
        Assert.Equal(["1|" + Huge, "2|-" + Huge, "3|-1.50", "4|null"], Rows(await snapshot.ReadAllAsync(), "amount"));
        await LogValidator.ValidateAsync(fixture.Path);

        var reopened = await (await DeltaTable.OpenAsync(fixture.Storage)).GetSnapshotAsync();
        var file = Assert.Single(await reopened.GetFilesAsync(DeltaPredicate.Equal("amount", DeltaDecimal.Parse("-1.5", 38, 2))));
        Assert.Equal(new DeltaDecimal(-150, 38, 2), file.PartitionValues["amount"]);
    }

    [Fact]
    public async Task Predicates_on_a_wide_column_select_rows_and_skip_files_by_their_bounds()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(Schema);
        await table.AppendAsync(Batch(("1", 1, "-99999999999999999999.5"), ("1", 2, "-1")));
        await table.AppendAsync(Batch(("1", 3, "1"), ("1", 4, "99999999999999999999.5")));

        var snapshot = await table.GetSnapshotAsync();
        var aboveZero = DeltaPredicate.GreaterThan("big", 0m);
        Assert.Single(await snapshot.GetFilesAsync(aboveZero));
        Assert.Equal(["3|1.000000000000000000", "4|99999999999999999999.500000000000000000"], Rows(await snapshot.ReadAllAsync(new DeltaReadOptions { Filter = aboveZero }), "big"));

        var deleted = await table.DeleteAsync(DeltaPredicate.LessThan("big", "-99999999999999999999.4"));

        Assert.Equal(1, deleted.RowsDeleted);
        Assert.Equal(1, deleted.FilesRemoved);
        Assert.Equal(["2", "3", "4"], Rows(await (await table.GetSnapshotAsync()).ReadAllAsync(), "big").Select(r => r.Split('|')[0]));
    }

    [Fact]
    public async Task Merge_keyed_on_a_wide_decimal_updates_matches_and_inserts_the_rest()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(Schema);
        await table.AppendAsync(Batch((Huge, 1, "1"), ("-" + Huge, 2, "2")));

        // 999…9.990 at another scale is the same key as 999…9.99.
        var source = Batch((Huge + "0", 10, "10"), ("5", 11, "11"));
        var result = await table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["amount"] });

        Assert.Equal((1L, 1L), (result.RowsUpdated, result.RowsInserted));
        Assert.Equal(["10|" + Huge, "11|5.00", "2|-" + Huge], Rows(await (await table.GetSnapshotAsync()).ReadAllAsync(), "amount"));
        await LogValidator.ValidateAsync(fixture.Path);
    }

    private static DeltaBatch Batch(params (string? Amount, long Id, string? Big)[] rows) => DeltaBatch.FromRows(
        Schema,
        rows.Select(r => new Dictionary<string, object?> { ["amount"] = r.Amount, ["id"] = r.Id, ["big"] = r.Big }).ToList());

    private static List<string> Rows(DeltaBatch batch, string column) => Enumerable.Range(0, batch.RowCount)
        .Select(r => $"{batch.Column("id").GetValue(r)}|{batch.Column(column).GetValue(r)?.ToString() ?? "null"}")
        .Order(StringComparer.Ordinal)
        .ToList();

    private static JsonElement Stats(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
