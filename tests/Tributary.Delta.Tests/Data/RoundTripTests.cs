namespace Tributary.Delta.Tests.Data;

/// <summary>Tables written by this library read back identically.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public async Task Every_type_round_trips_through_a_partitioned_table()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(SampleData.Schema, ["region"]);
        var rows = SampleData.Rows(0, 60);

        var result = await table.AppendAsync(rows);

        Assert.Equal(1, result.Version);
        Assert.Equal(60, result.RowsInserted);
        Assert.Equal(SampleData.Regions.Length + 1, result.FilesAdded);
        var back = await (await table.GetSnapshotAsync()).ReadAllAsync();
        Assert.Equal(RowText.Of(rows), RowText.Of(back));
    }

    [Fact]
    public async Task Streaming_batches_become_row_groups_and_read_back_in_full()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(SampleData.Schema);
        var options = new DeltaWriteOptions { RowGroupRows = 25, Compression = DeltaCompression.Zstd };

        var result = await table.AppendAsync(Batches(), options);

        Assert.Equal(1, result.FilesAdded);
        var add = Assert.Single((await table.GetSnapshotAsync()).Files);
        Assert.EndsWith("-c000.zstd.parquet", add.Path, StringComparison.Ordinal);
        Assert.Contains("\"numRecords\":100", add.Stats, StringComparison.Ordinal);
        var back = await (await table.GetSnapshotAsync()).ReadAllAsync();
        Assert.Equal(RowText.Of(SampleData.Rows(0, 100)), RowText.Of(back));

        static async IAsyncEnumerable<DeltaBatch> Batches()
        {
            for (var i = 0; i < 4; i++)
            {
                await Task.Yield();
                yield return SampleData.Rows(i * 25, 25);
            }
        }
    }

    [Fact]
    public async Task Rows_survive_a_checkpoint()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(SampleData.Schema, ["region"], new Dictionary<string, string> { ["delta.checkpointInterval"] = "3" });
        for (var i = 0; i < 4; i++)
        {
            await table.AppendAsync(SampleData.Rows(i * 10, 10));
        }

        Assert.True(File.Exists(Path.Combine(fixture.Path, "_delta_log", "00000000000000000003.checkpoint.parquet")));
        var reopened = await DeltaTable.OpenAsync(fixture.Storage);
        var back = await (await reopened.GetSnapshotAsync()).ReadAllAsync();
        Assert.Equal(RowText.Of(SampleData.Rows(0, 40)), RowText.Of(back));
    }

    [Fact]
    public async Task An_app_transaction_is_applied_once()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(SampleData.Schema);
        var options = new DeltaWriteOptions { AppTransaction = ("loader", 7) };

        var first = await table.AppendAsync(SampleData.Rows(0, 5), options);
        var again = await table.AppendAsync(SampleData.Rows(0, 5), options);
        var older = await table.AppendAsync(SampleData.Rows(0, 5), options with { AppTransaction = ("loader", 6) });

        Assert.False(first.Skipped);
        Assert.True(again.Skipped);
        Assert.True(older.Skipped);
        Assert.Contains("loader", again.SkipReason, StringComparison.Ordinal);
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(7, snapshot.GetAppTransactionVersion("loader"));
        Assert.Equal(5, (await snapshot.ReadAllAsync()).RowCount);
    }

    [Fact]
    public async Task New_nullable_columns_are_added_only_when_allowed()
    {
        using var fixture = new TableFixture();
        var schema = new Schema.StructType(new Schema.StructField("id", Schema.PrimitiveType.Long), new Schema.StructField("name", Schema.PrimitiveType.String));
        var table = await fixture.CreateAsync(schema);
        await table.AppendAsync(DeltaBatch.FromRows(schema, [Row(("id", 1L), ("name", "a"))]));
        var wider = new Schema.StructType([.. schema.Fields, new Schema.StructField("extra", Schema.PrimitiveType.Integer)]);
        var batch = DeltaBatch.FromRows(wider, [Row(("id", 2L), ("name", "b"), ("extra", 5))]);

        var refused = await Assert.ThrowsAsync<DeltaSchemaException>(() => table.AppendAsync(batch));
        Assert.Contains("extra", refused.Message, StringComparison.Ordinal);

        await table.AppendAsync(batch, new DeltaWriteOptions { AllowSchemaEvolution = true });
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(["id", "name", "extra"], snapshot.Schema.Fields.Select(f => f.Name));
        Assert.Equal(["1|a|null", "2|b|5"], RowText.Of(await snapshot.ReadAllAsync()));
    }

    [Fact]
    public async Task A_type_change_fails_naming_the_column_and_both_types()
    {
        using var fixture = new TableFixture();
        var schema = new Schema.StructType(new Schema.StructField("id", Schema.PrimitiveType.Long), new Schema.StructField("amount", Schema.PrimitiveType.Integer));
        var table = await fixture.CreateAsync(schema);
        var changed = new Schema.StructType(new Schema.StructField("id", Schema.PrimitiveType.Long), new Schema.StructField("amount", Schema.PrimitiveType.String));

        var error = await Assert.ThrowsAsync<DeltaSchemaException>(() =>
            table.AppendAsync(DeltaBatch.FromRows(changed, [Row(("id", 1L), ("amount", "x"))]), new DeltaWriteOptions { AllowSchemaEvolution = true }));

        Assert.Contains("'amount'", error.Message, StringComparison.Ordinal);
        Assert.Contains("integer", error.Message, StringComparison.Ordinal);
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    internal static IReadOnlyDictionary<string, object?> Row(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
