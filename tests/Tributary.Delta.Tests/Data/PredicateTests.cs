using Tributary.Delta.Internal.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>The predicate model on rows (SQL three-valued logic) and on file bounds (may a file match?).</summary>
public sealed class PredicateTests
{
    private static readonly StructType TableSchema = new(new StructField("x", PrimitiveType.Long), new StructField("s", PrimitiveType.String));

    [Fact]
    public void Rows_follow_sql_null_semantics()
    {
        var batch = DeltaBatch.FromRows(TableSchema,
        [
            new Dictionary<string, object?> { ["x"] = 1L, ["s"] = "a" },
            new Dictionary<string, object?> { ["x"] = null, ["s"] = "b" },
            new Dictionary<string, object?> { ["x"] = 5L, ["s"] = null },
        ]);

        Assert.Equal([0], Match(batch, DeltaPredicate.LessThan("x", 3)));
        Assert.Equal([2], Match(batch, DeltaPredicate.NotEqual("x", 1)));
        Assert.Equal([1], Match(batch, DeltaPredicate.IsNull("x")));
        Assert.Equal([0, 2], Match(batch, DeltaPredicate.In("x", 1, 5, null)));
        Assert.Equal([0, 1], Match(batch, DeltaPredicate.Or(DeltaPredicate.Equal("s", "a"), DeltaPredicate.Equal("s", "b"))));
        Assert.Equal([2], Match(batch, DeltaPredicate.Not(DeltaPredicate.LessThan("x", 3))));
        Assert.Equal([0], Match(batch, DeltaPredicate.LessThan("x", 3) & DeltaPredicate.Equal("s", "a")));
        Assert.Empty(Match(batch, DeltaPredicate.Equal("x", null)));
    }

    [Fact]
    public void Files_are_skipped_only_when_their_bounds_exclude_every_match()
    {
        var bounds = new Bounds(new ColumnBound(10L, 20L, 0, 100));
        Assert.False(DeltaPredicate.Equal("x", 5L).Bind(TableSchema).MayMatch(bounds));
        Assert.True(DeltaPredicate.Equal("x", 15L).Bind(TableSchema).MayMatch(bounds));
        Assert.False(DeltaPredicate.GreaterThan("x", 20L).Bind(TableSchema).MayMatch(bounds));
        Assert.True(DeltaPredicate.GreaterThanOrEqual("x", 20L).Bind(TableSchema).MayMatch(bounds));
        Assert.False(DeltaPredicate.IsNull("x").Bind(TableSchema).MayMatch(bounds));
        Assert.True(DeltaPredicate.In("x", 1L, 12L).Bind(TableSchema).MayMatch(bounds));
        Assert.False(DeltaPredicate.Not(DeltaPredicate.LessThan("x", 100L)).Bind(TableSchema).MayMatch(bounds));
        Assert.True(DeltaPredicate.Equal("s", "z").Bind(TableSchema).MayMatch(bounds));
    }

    [Fact]
    public void A_file_is_wholly_matched_only_when_no_row_can_fail()
    {
        var bounds = new Bounds(new ColumnBound(10L, 20L, 0, 100));
        Assert.False(DeltaPredicate.LessThan("x", 30L).Bind(TableSchema).MayFail(bounds));
        Assert.True(DeltaPredicate.LessThan("x", 15L).Bind(TableSchema).MayFail(bounds));
        Assert.True(DeltaPredicate.LessThan("x", 30L).Bind(TableSchema).MayFail(new Bounds(new ColumnBound(10L, 20L, 3, 100))));
        Assert.True(DeltaPredicate.Not(DeltaPredicate.Equal("x", 0L)).Bind(TableSchema).MayFail(new Bounds(new ColumnBound(10L, 20L, 1, 100))));
    }

    [Fact]
    public void An_unknown_column_or_a_value_of_the_wrong_type_fails_clearly()
    {
        Assert.Contains("'nope'", Assert.Throws<DeltaSchemaException>(() => DeltaPredicate.Equal("nope", 1).Bind(TableSchema)).Message, StringComparison.Ordinal);
        Assert.Contains("'x'", Assert.Throws<DeltaSchemaException>(() => DeltaPredicate.Equal("x", "abc").Bind(TableSchema)).Message, StringComparison.Ordinal);
    }

    private static List<int> Match(DeltaBatch batch, DeltaPredicate predicate) => RowFilter.Matching(batch, predicate.Bind(TableSchema));

    private sealed class Bounds(ColumnBound x) : IColumnBounds
    {
        public bool TryGet(string column, out ColumnBound bound)
        {
            bound = x;
            return column == "x";
        }
    }
}
