using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>Overwrite, delete, MERGE, optimize and vacuum, checked on the rows and files they leave.</summary>
public sealed class OperationTests
{
    private static readonly StructType TableSchema = new(
        new StructField("day", PrimitiveType.String),
        new StructField("id", PrimitiveType.Long),
        new StructField("value", PrimitiveType.String),
        new StructField("create_ts", PrimitiveType.Timestamp));

    private static readonly DateTimeOffset Created = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Overwrite_replaces_every_row()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Rows("d1", 0, 10, "old"));

        var result = await table.OverwriteAsync(Rows("d2", 100, 3, "new"));

        Assert.Equal(1, result.FilesRemoved);
        Assert.Equal(["d2|100|new", "d2|101|new", "d2|102|new"], await Read(table, "day", "id", "value"));
    }

    [Fact]
    public async Task Overwrite_with_a_partition_predicate_replaces_only_those_partitions()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Rows("d1", 0, 2, "old"));
        await table.AppendAsync(Rows("d2", 10, 2, "old"));

        await table.OverwriteAsync(Rows("d2", 20, 1, "new"), DeltaPredicate.Equal("day", "d2"));

        Assert.Equal(["d1|0|old", "d1|1|old", "d2|20|new"], await Read(table, "day", "id", "value"));
        await Assert.ThrowsAsync<DeltaException>(() => table.OverwriteAsync(Rows("d3", 1, 1, "x"), DeltaPredicate.Equal("day", "d2")));
        await Assert.ThrowsAsync<DeltaException>(() => table.OverwriteAsync(Rows("d2", 1, 1, "x"), DeltaPredicate.Equal("id", 1L)));
    }

    [Fact]
    public async Task Delete_drops_whole_partitions_without_rewriting_and_rewrites_partial_files()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Rows("d1", 0, 10, "v"));
        await table.AppendAsync(Rows("d2", 10, 10, "v"));

        var whole = await table.DeleteAsync(DeltaPredicate.Equal("day", "d1"));
        Assert.Equal(1, whole.FilesRemoved);
        Assert.Equal(0, whole.FilesAdded);
        Assert.Equal(10, whole.RowsDeleted);

        var partial = await table.DeleteAsync(DeltaPredicate.LessThan("id", 15L));
        Assert.Equal(1, partial.FilesRemoved);
        Assert.Equal(1, partial.FilesAdded);
        Assert.Equal(5, partial.RowsDeleted);
        Assert.Equal(5, partial.RowsCopied);
        Assert.Equal(["15", "16", "17", "18", "19"], await Read(table, "id"));

        var none = await table.DeleteAsync(DeltaPredicate.GreaterThan("id", 1000L));
        Assert.Equal(0, none.FilesRemoved);
        Assert.Equal(partial.Version, none.Version);
    }

    [Fact]
    public async Task Merge_updates_matches_keeps_preserved_columns_inserts_the_rest_and_deletes_when_asked()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Rows("d1", 0, 5, "old"));
        await table.AppendAsync(Rows("d2", 10, 5, "old"));
        await table.AppendAsync(Rows("d3", 20, 5, "old"));
        var later = Created.AddDays(1);
        var source = DeltaBatch.FromRows(TableSchema,
        [
            Row("d1", 1, "upd", later),
            Row("d1", 2, "delete-me", later),
            Row("d1", 99, "ins", later),
        ]);

        var result = await table.MergeAsync(source, new DeltaMergeOptions
        {
            KeyColumns = ["day", "id"],
            PreserveOnUpdate = ["create_ts"],
            DeleteWhenMatched = DeltaPredicate.Equal("value", "delete-me"),
        });

        Assert.Equal(1, result.RowsUpdated);
        Assert.Equal(1, result.RowsDeleted);
        Assert.Equal(1, result.RowsInserted);
        Assert.Equal(3, result.RowsCopied);
        Assert.Equal(1, result.FilesRemoved);
        var rows = await Read(table, "day", "id", "value", "create_ts");
        Assert.Contains($"d1|1|upd|{RowText.Value(Created)}", rows);
        Assert.Contains($"d1|99|ins|{RowText.Value(later)}", rows);
        Assert.DoesNotContain(rows, r => r.StartsWith("d1|2|", StringComparison.Ordinal));
        Assert.Equal(15, rows.Count);
    }

    [Fact]
    public async Task Merge_rewrites_only_files_whose_stats_can_hold_a_key()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema);
        for (var f = 0; f < 5; f++)
        {
            await table.AppendAsync(Rows("d", f * 100, 100, "old"));
        }

        var result = await table.MergeAsync(DeltaBatch.FromRows(TableSchema, [Row("d", 250, "new", Created)]), new DeltaMergeOptions { KeyColumns = ["id"] });

        Assert.Equal(1, result.FilesRemoved);
        Assert.Equal(1, result.RowsUpdated);
        Assert.Equal(99, result.RowsCopied);
        var history = await table.GetHistoryAsync(1);
        Assert.Equal("MERGE", history[0].Operation);
        Assert.Equal(500, (await (await table.GetSnapshotAsync()).ReadAllAsync()).RowCount);
    }

    [Fact]
    public async Task Merge_refuses_a_source_with_duplicate_keys_naming_them()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        var source = DeltaBatch.FromRows(TableSchema, [Row("d1", 7, "a", Created), Row("d1", 7, "b", Created)]);

        var error = await Assert.ThrowsAsync<DeltaException>(() => table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["day", "id"] }));

        Assert.Contains("day='d1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("id=7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_compacts_small_files_per_partition_without_changing_rows()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        for (var i = 0; i < 4; i++)
        {
            await table.AppendAsync(Rows("d1", i * 10, 10, "v"));
            await table.AppendAsync(Rows("d2", i * 10, 10, "v"));
        }

        var before = await Read(table, "day", "id", "value");
        var result = await table.OptimizeAsync();

        Assert.Equal(8, result.FilesRemoved);
        Assert.Equal(2, result.FilesAdded);
        Assert.Equal(2, result.PartitionsOptimized);
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(2, snapshot.Files.Count);
        Assert.All(snapshot.Files, f => Assert.False(f.DataChange));
        Assert.Equal(before, await Read(table, "day", "id", "value"));
        Assert.Equal(0, (await table.OptimizeAsync()).FilesRemoved);
    }

    [Fact]
    public async Task Vacuum_refuses_a_short_retention_lists_on_dry_run_and_deletes_only_unreferenced_files()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Rows("d1", 0, 3, "v"));
        await table.OverwriteAsync(Rows("d1", 10, 3, "v"));
        var old = (await table.GetSnapshotAsync()).Tombstones.Select(t => DeltaPaths.Decode(t.Path)).Single();

        await Assert.ThrowsAsync<DeltaException>(() => table.VacuumAsync(TimeSpan.Zero));
        var kept = await table.VacuumAsync();
        Assert.Empty(kept.Files);
        var dry = await table.VacuumAsync(TimeSpan.Zero, dryRun: true, force: true);
        Assert.Equal([old], dry.Files);
        Assert.True(File.Exists(Path.Combine(fixture.Path, old)));

        var done = await table.VacuumAsync(TimeSpan.Zero, force: true);

        Assert.Equal([old], done.Files);
        Assert.False(File.Exists(Path.Combine(fixture.Path, old)));
        Assert.Equal(["d1|10", "d1|11", "d1|12"], await Read(table, "day", "id"));
    }

    [Fact]
    public async Task Merge_can_add_a_new_nullable_column_when_allowed()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(TableSchema, ["day"]);
        await table.AppendAsync(Rows("d1", 0, 3, "old"));
        // The source lacks create_ts: a matched update keeps the table's value.
        var wider = new StructType([.. TableSchema.Fields.Where(f => f.Name != "create_ts"), new StructField("note", PrimitiveType.String)]);
        var source = DeltaBatch.FromRows(wider, [new Dictionary<string, object?> { ["day"] = "d1", ["id"] = 1L, ["value"] = "new", ["note"] = "n" }]);

        await Assert.ThrowsAsync<DeltaSchemaException>(() => table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["day", "id"] }));
        var result = await table.MergeAsync(source, new DeltaMergeOptions { KeyColumns = ["day", "id"] }, new DeltaWriteOptions { AllowSchemaEvolution = true });

        Assert.Equal(1, result.RowsUpdated);
        Assert.Equal(["d1|0|old|null", "d1|1|new|n", "d1|2|old|null"], await Read(table, "day", "id", "value", "note"));
        Assert.Contains("d1|1|" + RowText.Value(Created), await Read(table, "day", "id", "create_ts"));
    }

    private static DeltaBatch Rows(string day, int from, int count, string value) =>
        DeltaBatch.FromRows(TableSchema, Enumerable.Range(from, count).Select(i => Row(day, i, value, Created)).ToList());

    private static IReadOnlyDictionary<string, object?> Row(string day, long id, string value, DateTimeOffset created) =>
        new Dictionary<string, object?> { ["day"] = day, ["id"] = id, ["value"] = value, ["create_ts"] = created };

    private static async Task<List<string>> Read(DeltaTable table, params string[] columns) =>
        RowText.Of(await (await table.GetSnapshotAsync()).ReadAllAsync(), columns);
}
