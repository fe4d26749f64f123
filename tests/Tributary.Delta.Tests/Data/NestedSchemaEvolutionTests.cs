using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>Schema evolution inside structs (also structs in arrays and maps), on append and MERGE.</summary>
public sealed class NestedSchemaEvolutionTests
{
    private static readonly StructType Address = new(new StructField("city", PrimitiveType.String), new StructField("zip", PrimitiveType.Integer));

    private static readonly StructType Item = new(new StructField("sku", PrimitiveType.String));

    private static readonly StructType TableSchema = new(
        new StructField("day", PrimitiveType.String),
        new StructField("id", PrimitiveType.Long),
        new StructField("address", Address),
        new StructField("items", new ArrayType(Item)),
        new StructField("extra", new MapType(PrimitiveType.String, Item)));

    private static readonly StructType WiderAddress = new([.. Address.Fields, new StructField("street", PrimitiveType.String)]);

    private static readonly StructType WiderItem = new([.. Item.Fields, new StructField("qty", PrimitiveType.Long)]);

    private static readonly StructType WiderSchema = new(
        new StructField("day", PrimitiveType.String),
        new StructField("id", PrimitiveType.Long),
        new StructField("address", WiderAddress),
        new StructField("items", new ArrayType(WiderItem)),
        new StructField("extra", new MapType(PrimitiveType.String, WiderItem)));

    [Fact]
    public async Task Append_adds_a_new_nullable_field_inside_a_struct_an_array_element_and_a_map_value()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Batch(TableSchema, Row("d1", 1, street: null, qty: null)));
        var wider = Batch(WiderSchema, Row("d1", 2, street: "main st", qty: 5L));

        var refused = await Assert.ThrowsAsync<DeltaSchemaException>(() => table.AppendAsync(wider));
        Assert.Contains("address.street", refused.Message, StringComparison.Ordinal);
        await table.AppendAsync(wider, new DeltaWriteOptions { AllowSchemaEvolution = true });

        var schema = (await table.GetSnapshotAsync()).Schema;
        Assert.Equal("struct<city:string,zip:integer,street:string>", Describe(schema, "address"));
        Assert.Equal("array<struct<sku:string,qty:long>>", Describe(schema, "items"));
        Assert.Equal("map<string,struct<sku:string,qty:long>>", Describe(schema, "extra"));
        Assert.True(((StructType)schema.Find("address")!.Type).Find("street")!.Nullable);
        Assert.Equal(
            [
                "d1|1|{c1,1001,null}|[{s1,null}]|{k:{m1,null}}",
                "d1|2|{c2,1002,main st}|[{s2,5}]|{k:{m2,5}}",
            ],
            await Read(table));
    }

    [Fact]
    public async Task DuckDb_reads_the_new_nested_fields_from_the_files_written_after_evolution()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Batch(TableSchema, Row("d1", 1, street: null, qty: null)));
        await table.AppendAsync(Batch(WiderSchema, Row("d1", 2, street: "main st", qty: 5L), Row("d1", 3, street: null, qty: null)), new DeltaWriteOptions { AllowSchemaEvolution = true });
        var snapshot = await table.GetSnapshotAsync();
        var newest = snapshot.Files.Single(f => f.Stats!.Contains("\"numRecords\":2", StringComparison.Ordinal));

        using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var path = Path.Combine(fixture.Path, DeltaPaths.Decode(newest.Path)).Replace("'", "''", StringComparison.Ordinal);
        command.CommandText = $"""
            SELECT concat_ws('|', id, coalesce(address.street, 'null'), coalesce(CAST(items[1].qty AS VARCHAR), 'null'), coalesce(CAST(extra['k'].qty AS VARCHAR), 'null'))
            FROM read_parquet('{path}') ORDER BY id
            """;
        var rows = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["2|main st|5|5", "3|null|null|null"], rows);
    }

    [Fact]
    public async Task Merge_adds_a_new_nullable_field_inside_a_struct_and_rewrites_copied_rows_with_null()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Batch(TableSchema, Row("d1", 1, null, null), Row("d1", 2, null, null)));
        await table.AppendAsync(Batch(TableSchema, Row("d2", 3, null, null)));
        var source = Batch(WiderSchema, Row("d1", 2, "high st", 7L), Row("d1", 4, "low st", null));

        await Assert.ThrowsAsync<DeltaSchemaException>(() => table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["day", "id"] }));
        var result = await table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["day", "id"] }, new DeltaWriteOptions { AllowSchemaEvolution = true });

        Assert.Equal(1, result.RowsUpdated);
        Assert.Equal(1, result.RowsInserted);
        Assert.Equal(1, result.FilesRemoved);
        Assert.Equal(
            [
                "d1|1|{c1,1001,null}|[{s1,null}]|{k:{m1,null}}",
                "d1|2|{c2,1002,high st}|[{s2,7}]|{k:{m2,7}}",
                "d1|4|{c4,1004,low st}|[{s4,null}]|{k:{m4,null}}",
                "d2|3|{c3,1003,null}|[{s3,null}]|{k:{m3,null}}",
            ],
            await Read(table));
    }

    [Fact]
    public async Task Data_whose_struct_lacks_a_table_field_is_written_with_null_for_it()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(WiderSchema, ["day"]);

        await table.AppendAsync(Batch(TableSchema, Row("d1", 1, null, null)));

        Assert.Equal(["d1|1|{c1,1001,null}|[{s1,null}]|{k:{m1,null}}"], await Read(table));
    }

    [Theory]
    [InlineData("address", "zip", "address.zip")]
    [InlineData("items", "sku", "items.element.sku")]
    [InlineData("extra", "sku", "extra.value.sku")]
    public async Task A_nested_type_change_fails_naming_the_column_path_and_both_types(string column, string field, string path)
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        var changed = new StructType(TableSchema.Fields.Select(f => f.Name == column ? f with { Type = Retype(f.Type, field) } : f).ToList());
        var batch = DeltaBatch.FromRows(changed, [new Dictionary<string, object?> { ["day"] = "d1", ["id"] = 1L }]);

        var error = await Assert.ThrowsAsync<DeltaSchemaException>(() => table.AppendAsync(batch, new DeltaWriteOptions { AllowSchemaEvolution = true }));

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(field == "zip" ? "integer" : "string", error.Message, StringComparison.Ordinal);
        Assert.Contains("double", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
    }

    private static DeltaType Retype(DeltaType type, string field) => type switch
    {
        StructType s => new StructType(s.Fields.Select(f => f.Name == field ? f with { Type = PrimitiveType.Double } : f).ToList()),
        ArrayType a => a with { ElementType = Retype(a.ElementType, field) },
        MapType m => m with { ValueType = Retype(m.ValueType, field) },
        _ => type,
    };

    private static string Describe(StructType schema, string column) => Describe(schema.Find(column)!.Type);

    private static string Describe(DeltaType type) => type switch
    {
        StructType s => $"struct<{string.Join(",", s.Fields.Select(f => $"{f.Name}:{Describe(f.Type)}"))}>",
        ArrayType a => $"array<{Describe(a.ElementType)}>",
        MapType m => $"map<{Describe(m.KeyType)},{Describe(m.ValueType)}>",
        _ => type.ToString()!,
    };

    private static Dictionary<string, object?> Row(string day, long id, string? street, long? qty)
    {
        var address = new Dictionary<string, object?> { ["city"] = $"c{id}", ["zip"] = (int)(1000 + id) };
        var item = new Dictionary<string, object?> { ["sku"] = $"s{id}" };
        var mapped = new Dictionary<string, object?> { ["sku"] = $"m{id}" };
        if (street is not null)
        {
            address["street"] = street;
        }

        if (qty is not null)
        {
            item["qty"] = qty;
            mapped["qty"] = qty;
        }

        return new Dictionary<string, object?>
        {
            ["day"] = day,
            ["id"] = id,
            ["address"] = address,
            ["items"] = new List<object?> { item },
            ["extra"] = new Dictionary<object, object?> { ["k"] = mapped },
        };
    }

    private static DeltaBatch Batch(StructType schema, params Dictionary<string, object?>[] rows) =>
        DeltaBatch.FromRows(schema, rows);

    private static async Task<List<string>> Read(DeltaTable table) =>
        RowText.Of(await (await table.GetSnapshotAsync()).ReadAllAsync(), "day", "id", "address", "items", "extra");
}
