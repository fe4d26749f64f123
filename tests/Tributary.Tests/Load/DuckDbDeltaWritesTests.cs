using System.Globalization;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Load;
using Tributary.Load.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

/// <summary>
/// Data files written by DuckDB and committed as add actions must be indistinguishable from Tributary.Delta's own:
/// same rows through both readers, same partition folders, same stats (so pruning works the same).
/// </summary>
public sealed class DuckDbDeltaWritesTests
{
    private static readonly string[] Partitions = ["region", "year"];

    // Partition values that need Hive escaping and a null partition; strings past the 32-character stats prefix
    // and past DuckDB's own stats limit; NaN and infinity; timestamps with microseconds; decimals; booleans.
    private const string Source =
        "SELECT CAST(i AS BIGINT) AS id, " +
        "CASE WHEN i % 97 = 0 THEN NULL WHEN i % 3 = 0 THEN 'Europe/West = 50%' ELSE 'Asia ' || CAST(i % 2 AS VARCHAR) END AS region, " +
        "CAST(2023 + i % 2 AS INTEGER) AS year, " +
        "CASE WHEN i = 7 THEN repeat('ü', 9000) WHEN i % 5 = 0 THEN NULL ELSE 'item ' || CAST(i AS VARCHAR) || repeat('x', i % 40) END AS description, " +
        "CASE WHEN i % 11 = 0 THEN 'NaN'::FLOAT ELSE CAST(i AS FLOAT) / 8 END AS price, " +
        "CASE WHEN i = 13 THEN 'Infinity'::DOUBLE ELSE i * 0.25 END AS quantity, " +
        "TIMESTAMP '2024-03-01 10:00:00.123456' + to_microseconds(i * 1000123) AS created, " +
        "TIMESTAMP '2024-03-01 10:00:00' + to_microseconds(i * 7) AS updated, " +
        "DATE '2024-01-01' + CAST(i % 300 AS INTEGER) AS day, " +
        "CAST(i AS DECIMAL(10,2)) / 4 AS amount, " +
        "i % 2 = 0 AS flag " +
        "FROM range({0}, {1}) AS r(i)";

    [Fact]
    public async Task Appended_files_read_back_like_the_delta_writers_files_with_the_same_stats()
    {
        using var folder = new TempDirectory();
        using var session = DuckDbSession.Open();
        session.Execute("CREATE TEMP TABLE source_rows AS " + string.Format(CultureInfo.InvariantCulture, Source, 0, 3000));
        using var twins = await Twins.CreateAsync(folder.Path, session, "source_rows");
        var (schema, viaDuckDb, viaDelta) = (twins.Schema, twins.ViaDuckDb, twins.ViaDelta);
        var written = await twins.Writes.AppendAsync(viaDuckDb, "source_rows", ["id"], new DeltaWriteOptions(), CancellationToken.None);
        await viaDelta.AppendAsync(DuckDbBatchReader.ReadAll(session, "SELECT * FROM source_rows", schema));

        Assert.Equal(3000, written.RowsInserted);
        var duckSnapshot = await viaDuckDb.GetSnapshotAsync();
        var deltaSnapshot = await viaDelta.GetSnapshotAsync();
        Assert.Equal(Rows(await deltaSnapshot.ReadAllAsync()), Rows(await duckSnapshot.ReadAllAsync()));
        Assert.Equal(FileStats(deltaSnapshot), FileStats(duckSnapshot));
        Assert.Equal(Folders(deltaSnapshot), Folders(duckSnapshot));
        Assert.Contains(duckSnapshot.Files, f => f.Path.Contains("region=Europe%252FWest%20%253D%2050%2525/", StringComparison.Ordinal));
        Assert.Equal(Query(folder.Path, "delta"), Query(folder.Path, "duckdb"));

        // Stats prune as they do for the library's own files: ids 0..2999 over 5 partitions, one id's file only.
        var files = await duckSnapshot.GetFilesAsync(DeltaPredicate.And(DeltaPredicate.Equal("id", 2998L), DeltaPredicate.Equal("year", 2023)));
        Assert.Single(files);
        Assert.Equal(
            (await deltaSnapshot.GetFilesAsync(DeltaPredicate.GreaterThan("created", DateTimeOffset.Parse("2024-03-01T10:49:00Z", CultureInfo.InvariantCulture)))).Count,
            (await duckSnapshot.GetFilesAsync(DeltaPredicate.GreaterThan("created", DateTimeOffset.Parse("2024-03-01T10:49:00Z", CultureInfo.InvariantCulture)))).Count);
    }

    [Fact]
    public async Task Merge_gives_the_delta_merges_rows_and_counts_and_rewrites_only_files_with_a_match()
    {
        using var folder = new TempDirectory();
        using var session = DuckDbSession.Open();
        session.Execute("CREATE TEMP TABLE first_rows AS " + string.Format(CultureInfo.InvariantCulture, Source, 0, 2000));
        // Updates of ids 0..299 that are not in the 'Asia 1' partitions (values changed, created changed but
        // preserved), plus 400 new ids.
        session.Execute(
            "CREATE TEMP TABLE second_rows AS SELECT * REPLACE (price * 2 AS price, 'changed' AS description, " +
            "created + INTERVAL 1 DAY AS created) FROM first_rows WHERE id < 300 AND region IS DISTINCT FROM 'Asia 1' " +
            "UNION ALL " + string.Format(CultureInfo.InvariantCulture, Source, 5000, 5400).Replace("'Asia '", "'Asia 2'", StringComparison.Ordinal));
        using var twins = await Twins.CreateAsync(folder.Path, session, "first_rows");
        var (schema, viaDuckDb, viaDelta, writes) = (twins.Schema, twins.ViaDuckDb, twins.ViaDelta, twins.Writes);
        string[] keys = ["id", "region"];
        await writes.AppendAsync(viaDuckDb, "first_rows", keys, new DeltaWriteOptions(), CancellationToken.None);
        await viaDelta.AppendAsync(DuckDbBatchReader.ReadAll(session, "SELECT * FROM first_rows", schema));
        var before = (await viaDuckDb.GetSnapshotAsync()).Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

        var options = new DeltaWriteOptions { AppTransaction = ("test", 2) };
        var merged = await writes.MergeAsync(viaDuckDb, "second_rows", keys, ["created"], options, CancellationToken.None);
        var expected = await viaDelta.MergeAsync(
            DuckDbBatchReader.ReadAll(session, "SELECT * FROM second_rows", schema),
            new DeltaMergeOptions { KeyColumns = keys, PreserveOnUpdate = ["created"] },
            options);

        Assert.True(merged.RowsUpdated > 150, $"{merged.RowsUpdated} updated");
        Assert.Equal(
            (expected.RowsInserted, expected.RowsUpdated, expected.RowsCopied, expected.FilesRemoved),
            (merged.RowsInserted, merged.RowsUpdated, merged.RowsCopied, merged.FilesRemoved));
        var duckSnapshot = await viaDuckDb.GetSnapshotAsync();
        var deltaSnapshot = await viaDelta.GetSnapshotAsync();
        Assert.Equal(Rows(await deltaSnapshot.ReadAllAsync()), Rows(await duckSnapshot.ReadAllAsync()));
        Assert.Equal(FileStats(deltaSnapshot), FileStats(duckSnapshot));
        Assert.Equal(2, duckSnapshot.GetAppTransactionVersion("test"));

        // The 'Asia 1' files had no match: they are still there, untouched.
        var kept = duckSnapshot.Files.Where(f => f.PartitionValues["region"] == "Asia 1").Select(f => f.Path).ToList();
        Assert.Single(kept);
        Assert.All(kept, path => Assert.Contains(path, before));
        Assert.Equal(merged.FilesRemoved, before.Count(p => !duckSnapshot.Files.Any(f => f.Path == p)));

        // The same MERGE again is skipped by its txn and writes nothing.
        var again = await writes.MergeAsync(viaDuckDb, "second_rows", keys, ["created"], options, CancellationToken.None);
        Assert.True(again.Skipped);
        Assert.Equal(duckSnapshot.Version, (await viaDuckDb.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task A_failed_write_commits_nothing()
    {
        using var folder = new TempDirectory();
        using var session = DuckDbSession.Open();
        session.Execute("CREATE TEMP TABLE source_rows AS " + string.Format(CultureInfo.InvariantCulture, Source, 0, 100));
        var schema = DuckDbBatchReader.SchemaOf(session, "SELECT * FROM source_rows");
        var table = await DeltaTable.CreateAsync(new LocalDeltaStorage(Path.Combine(folder.Path, "t")), schema, Partitions);
        using var cache = new LocalFileCache(folder.Path, 1L << 30);
        var writes = new DuckDbDeltaWrites(session, cache, TimeProvider.System);

        session.Execute("CREATE TEMP TABLE wrong_rows AS SELECT * EXCLUDE (flag), 1 AS extra FROM source_rows");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            writes.AppendAsync(table, "wrong_rows", ["id"], new DeltaWriteOptions(), CancellationToken.None));
        Assert.Contains("missing flag", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in the table extra", error.Message, StringComparison.Ordinal);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            writes.AppendAsync(table, "source_rows", ["id"], new DeltaWriteOptions(), cancelled.Token));
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
        Assert.Empty((await table.GetSnapshotAsync()).Files);
    }

    /// <summary>
    /// Two empty tables with the schema of a session table and the test's partitions, one to write through DuckDB and
    /// one through Tributary.Delta's own writer, under <c>duckdb/</c> and <c>delta/</c>; and the DuckDB writer.
    /// </summary>
    private sealed class Twins(StructType schema, DeltaTable viaDuckDb, DeltaTable viaDelta, LocalFileCache cache, DuckDbDeltaWrites writes) : IDisposable
    {
        public StructType Schema { get; } = schema;

        public DeltaTable ViaDuckDb { get; } = viaDuckDb;

        public DeltaTable ViaDelta { get; } = viaDelta;

        public DuckDbDeltaWrites Writes { get; } = writes;

        public static async Task<Twins> CreateAsync(string root, DuckDbSession session, string rowsTable)
        {
            var schema = DuckDbBatchReader.SchemaOf(session, "SELECT * FROM " + rowsTable);
            var viaDuckDb = await DeltaTable.CreateAsync(new LocalDeltaStorage(Path.Combine(root, "duckdb")), schema, Partitions);
            var viaDelta = await DeltaTable.CreateAsync(new LocalDeltaStorage(Path.Combine(root, "delta")), schema, Partitions);
            var cache = new LocalFileCache(root, 1L << 30);
            return new Twins(schema, viaDuckDb, viaDelta, cache, new DuckDbDeltaWrites(session, cache, TimeProvider.System));
        }

        public void Dispose() => cache.Dispose();
    }

    /// <summary>Every row as text, sorted, so two tables compare value by value.</summary>
    private static List<string> Rows(DeltaBatch batch)
    {
        var order = batch.Schema.Fields.Select(f => f.Name).Order(StringComparer.Ordinal).Select(batch.IndexOf).ToList();
        var rows = new List<string>(batch.RowCount);
        for (var r = 0; r < batch.RowCount; r++)
        {
            rows.Add(string.Join(" | ", order.Select(c => Text(batch.GetValue(c, r)))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static List<string> FileStats(DeltaSnapshot snapshot) =>
        [.. snapshot.Files.Select(f => $"{f.PartitionValues["region"] ?? "NULL"}/{f.PartitionValues["year"]}: {f.Stats}").Order(StringComparer.Ordinal)];

    private static List<string> Folders(DeltaSnapshot snapshot) =>
        [.. snapshot.Files.Select(f => f.Path[..f.Path.LastIndexOf('/')]).Distinct().Order(StringComparer.Ordinal)];

    private static List<string> Query(string root, string table)
    {
        using var session = DeltaQuerySession.Open();
        session.RegisterTableAsync("t", Path.Combine(root, table)).GetAwaiter().GetResult();
        using var reader = session.Execute("SELECT * FROM t ORDER BY id");
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Text(reader.GetValue(i)))));
        }

        return rows;
    }
}
