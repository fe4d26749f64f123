using System.Globalization;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Load;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

/// <summary>
/// A query session scoped to its query copies, from a store that is not local, only the data files whose partitions
/// the query's WHERE can match, and its answer is the same as over every file.
/// </summary>
public sealed class QueryScopeTests : IClassFixture<QueryScopeTests.PartitionedTable>
{
    private readonly PartitionedTable _table;

    public QueryScopeTests(PartitionedTable table)
    {
        _table = table;
    }

    [Theory]
    [InlineData("SELECT count(*), sum(id) FROM t WHERE region = 'Europe'", 2)]
    [InlineData("SELECT count(*), sum(id) FROM t WHERE region = 'Europe' AND year = 2024", 1)]
    [InlineData("EXPLAIN ANALYZE SELECT count(*) FROM t WHERE region = 'Europe' AND year = 2024", 1)]
    [InlineData("SELECT id FROM t AS x WHERE x.region IN ('Europe', 'Asia') AND x.id > 3 ORDER BY id", 4)]
    [InlineData("SELECT id FROM t WHERE year >= 2024 AND lower(region) <> 'asia' ORDER BY id", 2)]
    [InlineData("SELECT id FROM t WHERE region = 'Europe' AND random() < 2 ORDER BY id", 2)]
    [InlineData("SELECT id FROM t WHERE region IS NULL ORDER BY id", 0)]
    [InlineData("SELECT id FROM t WHERE region = 'Europe' UNION ALL SELECT id FROM t WHERE region = 'Asia' AND year = 2023 ORDER BY id", 3)]
    [InlineData("SELECT v.k, t.id FROM (VALUES (1), (2)) v(k) JOIN t ON t.id = v.k AND t.region = 'Africa' ORDER BY ALL", 2)]
    [InlineData("SELECT count(*) FROM t WHERE region = 'Europe' AND id IN (SELECT id FROM t WHERE year = 2023)", 4)]
    [InlineData("SELECT a.id, b.id FROM t a JOIN t b ON a.id = b.id WHERE a.region = 'Asia' AND b.year = 2023 ORDER BY ALL", 4)]
    [InlineData("WITH e AS (SELECT * FROM t WHERE region = 'Europe') SELECT count(*) FROM e", 2)]
    [InlineData("SELECT id FROM t WHERE NOT (region = 'Europe') AND region LIKE 'A%' AND year BETWEEN 2020 AND 2023 ORDER BY id", 2)]
    [InlineData("SELECT id FROM t WHERE coalesce(region, 'none') = 'Europe' AND CASE WHEN year > 2023 THEN true ELSE false END ORDER BY id", 1)]
    [InlineData("SELECT id FROM t WHERE region = 'Europe' OR id = 1 ORDER BY id", 6)]
    [InlineData("SELECT id FROM t WHERE region = (SELECT 'Europe') ORDER BY id", 6)]
    [InlineData("SELECT v.k, t.id FROM (VALUES (1)) v(k) LEFT JOIN t ON t.region = 'Europe' WHERE t.region IS NULL", 6)]
    [InlineData("SELECT v.k, t.id FROM t RIGHT JOIN (VALUES (1)) v(k) ON t.id = v.k WHERE t.region = 'Europe'", 6)]
    [InlineData("SELECT t.id FROM t JOIN (VALUES ('Europe')) v(r) ON t.region = v.r ORDER BY 1", 6)]
    [InlineData("SELECT count(*) FROM (SELECT * FROM t) s WHERE s.region = 'Europe'", 6)]
    [InlineData("WITH t AS (SELECT 'Europe' AS region) SELECT * FROM t WHERE region = 'Europe'", 6)]
    [InlineData("SELECT count(*) FROM t", 6)]
    public async Task Only_the_partitions_the_where_can_match_are_copied_and_the_answer_is_unchanged(string sql, int filesCopied)
    {
        using var cache = new TempDirectory();
        var store = new OpaqueObjectStore(_table.Root.Path);
        List<string[]> scoped;
        int registered;
        using (var session = DeltaQuerySession.Open(cacheFolder: cache.Path))
        {
            session.ScopeTo(sql);
            (_, registered) = await session.RegisterTableAsync("t", store, "table");
            scoped = QueryRows.Of(session, sql);
        }

        Assert.Equal(filesCopied, store.ReadKeys.Count(k => k.EndsWith(".parquet", StringComparison.Ordinal) && !k.Contains("/_delta_log/", StringComparison.Ordinal)));
        Assert.Equal(filesCopied, registered);
        if (!sql.StartsWith("EXPLAIN", StringComparison.Ordinal))
        {
            using var everything = DeltaQuerySession.Open();
            await everything.RegisterTableAsync("t", _table.Root.Combine("table"));
            Assert.Equal(QueryRows.Of(everything, sql), scoped);
        }
    }

    [Fact]
    public async Task A_scoped_session_runs_only_its_query()
    {
        using var session = DeltaQuerySession.Open();
        session.ScopeTo("SELECT count(*) FROM t WHERE region = 'Europe'");
        var (_, files) = await session.RegisterTableAsync("t", _table.Root.Combine("table"));

        Assert.Equal(2, files);
        Assert.Equal([["4"]], QueryRows.Of(session, "SELECT count(*) FROM t WHERE region = 'Europe'"));
        Assert.Contains("Total Files Read: 2", string.Concat(QueryRows.Of(session, "EXPLAIN ANALYZE SELECT count(*) FROM t WHERE region = 'Europe'").SelectMany(r => r)), StringComparison.Ordinal);
        var error = Assert.Throws<InvalidOperationException>(() => session.Execute("SELECT count(*) FROM t"));
        Assert.Contains("scoped to another query", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A table partitioned by region (Africa, Asia, Europe) and year (2023, 2024): six files of two rows each.</summary>
    public sealed class PartitionedTable : IAsyncLifetime, IDisposable
    {
        internal TempDirectory Root { get; } = new();

        public async Task InitializeAsync()
        {
            var schema = new StructType([
                new StructField("id", PrimitiveType.Long),
                new StructField("region", PrimitiveType.String),
                new StructField("year", PrimitiveType.Integer),
            ]);
            var storage = new ObjectStoreDeltaStorage(new LocalObjectStore(Root.Path), "table");
            var table = await DeltaTable.CreateAsync(storage, schema, ["region", "year"]);
            var regions = new[] { "Africa", "Asia", "Europe" };
            var ids = Enumerable.Range(1, 12).ToArray();
            await table.AppendAsync(new DeltaBatch(
                schema,
                [
                    ids.Select(i => (long?)i).ToArray(),
                    ids.Select(i => regions[(i - 1) / 4]).ToArray(),
                    ids.Select(i => (int?)(2023 + (i % 2))).ToArray(),
                ],
                ids.Length));
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => Root.Dispose();
    }
}
