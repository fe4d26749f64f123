using System.Globalization;
using Tributary.Configuration;
using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

public sealed class LoadOnObjectStoreTests
{
    private const string AppId = "retail";
    private static readonly DateTimeOffset LoadTime = new(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrival = new(2025, 1, 10, 11, 0, 0, TimeSpan.Zero);

    private static readonly List<IReadOnlyDictionary<string, string?>> FirstLines =
    [
        StagingFiles.Line(invoiceNo: "1", region: "Europe ", storeCountry: "Germany", salePrice: "$20.00", discountCode: "SUMMERS15", stockCode: "100001"),
        StagingFiles.Line(invoiceNo: "2", region: "Asia-Pacific ", storeCountry: "Japan", salePrice: "1000", stockCode: "100002", invoiceDateTime: "2024-04-01 09:00:00"),
    ];

    private static readonly List<IReadOnlyDictionary<string, string?>> SecondLines =
    [
        StagingFiles.Line(invoiceNo: "3", region: "North America ", storeCountry: "USA", salePrice: "12.34", stockCode: "100003", invoiceDateTime: "2023-12-31 23:59:59"),
        StagingFiles.Line(invoiceNo: "abc"),
        StagingFiles.Line(invoiceNo: "1", region: "Europe ", storeCountry: "Germany", salePrice: "$30.00", discountCode: "SUMMERS15", stockCode: "100001",
            sourceTimestamp: "2024-03-16 10:20:30"),
    ];

    [Fact]
    public async Task A_store_that_is_not_local_loads_and_queries_like_a_local_folder()
    {
        using var local = new TempDirectory();
        using var remote = new TempDirectory();
        using var cache = new TempDirectory();
        foreach (var root in new[] { local.Path, remote.Path })
        {
            StagingFiles.Write(root, "staging/2025/01/10/11/a.parquet", FirstLines, Arrival);
            StagingFiles.Write(root, "staging/2025/01/10/11/b.parquet", SecondLines, Arrival.AddMinutes(5));
        }

        var store = new OpaqueObjectStore(remote.Path);
        var options = new LoadOptions { CacheFolder = cache.Path };
        var expected = await new LoadStage(new LoadOptions(), AppId, local.Path, new ManualClock(LoadTime)).RunAsync();
        var stage = new LoadStage(options, AppId, store, time: new ManualClock(LoadTime));
        Assert.Equal(2, (await stage.GetPendingBatchesAsync()).Count);

        var result = await stage.RunAsync();

        Assert.Equal(LoadStatus.Loaded, result.Status);
        Assert.Equal(expected.Curation, result.Curation);
        Assert.Equal(new CurationCounts(5, 1, 1, 0, 3), result.Curation);
        Assert.True(store.Reads >= 2, "the staging batches are read through the store");
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
        foreach (var table in FinalTables.Names)
        {
            var sql = $"SELECT * FROM {table} ORDER BY ALL";
            Assert.Equal(QueryLocal(local.Path, table, sql), await QueryStoreAsync(store, options, table, sql));
        }

        Assert.Equal(LoadStatus.NothingNew, (await stage.RunAsync()).Status);
        Assert.Empty(await stage.GetPendingBatchesAsync());
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    [Fact]
    public async Task Staging_on_a_store_that_is_not_local_is_queryable_and_the_cache_is_removed()
    {
        using var remote = new TempDirectory();
        using var cache = new TempDirectory();
        StagingFiles.Write(remote.Path, "staging/2025/01/10/11/a.parquet", FirstLines, Arrival);
        StagingFiles.WriteJsonLines(remote.Path, "staging/2025/01/10/11/b.gz", SecondLines, Arrival);
        var store = new OpaqueObjectStore(remote.Path);

        using (var session = DeltaQuerySession.Open(cacheFolder: cache.Path))
        {
            Assert.Equal(2, await session.RegisterStagingAsync("staging", store, "staging/"));
            Assert.Equal(
                [["5", "4", "3", "2025-01-10 11:00:00.002"]],
                QueryRows.Of(session, "SELECT count(*), count(DISTINCT RetailTxnData_InvoiceNo), min(RetailTxnData_LineItem_Quantity), " +
                    "strftime(max(_arrival_time), '%Y-%m-%d %H:%M:%S.%g') FROM staging"));
            Assert.NotEmpty(Directory.GetFileSystemEntries(cache.Path));
        }

        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    [Fact]
    public async Task Firehose_json_lines_staging_loads_like_parquet_staging()
    {
        using var parquet = new TempDirectory();
        using var json = new TempDirectory();
        StagingFiles.Write(parquet.Path, "staging/2025/01/10/11/a.parquet", FirstLines, Arrival);
        StagingFiles.Write(parquet.Path, "staging/2025/01/10/11/b.parquet", SecondLines, Arrival.AddMinutes(5));
        // Firehose names objects without an extension, and adds .gz when it compresses them.
        StagingFiles.WriteJsonLines(json.Path, "staging/2025/01/10/11/tributary-1-2025-01-10-11-00-00-aaaa", FirstLines, Arrival);
        StagingFiles.WriteJsonLines(json.Path, "staging/2025/01/10/11/tributary-1-2025-01-10-11-05-00-bbbb.gz", SecondLines, Arrival.AddMinutes(5));

        var fromParquet = await new LoadStage(new LoadOptions(), AppId, parquet.Path, new ManualClock(LoadTime)).RunAsync();
        var fromJson = await new LoadStage(new LoadOptions(), AppId, json.Path, new ManualClock(LoadTime)).RunAsync();

        Assert.Equal(fromParquet.Curation, fromJson.Curation);
        Assert.Equal(2, fromJson.Batches.Count);
        const string curated = "SELECT * EXCLUDE (_staging_file) FROM curated ORDER BY ALL";
        Assert.Equal(QueryLocal(parquet.Path, "curated", curated), QueryLocal(json.Path, "curated", curated));
        const string rejected = "SELECT column_name, value, reason, source_file, source_record, source_row FROM rejected ORDER BY ALL";
        Assert.Equal([["RetailTxnData_InvoiceNo", "abc", "not a whole number (invoiceno is BIGINT)", "source/a.json", "1", "0"]], QueryLocal(json.Path, "rejected", rejected));
        const string summary = "SELECT * FROM sales_summary ORDER BY ALL";
        Assert.Equal(QueryLocal(parquet.Path, "sales_summary", summary), QueryLocal(json.Path, "sales_summary", summary));

        // The newer version of invoice 1 (a JSON number quantity and a '$' price) won, with its arrival time from epoch milliseconds.
        Assert.Equal(
            [["1", "3", "30", "2024-03-16 10:20:30"]],
            QueryLocal(json.Path, "curated", "SELECT invoiceno, lineitem_quantity, lineitem_saleprice, strftime(sourcets, '%Y-%m-%d %H:%M:%S') FROM curated WHERE invoiceno = 1"));
    }

    private static List<string[]> QueryLocal(string dataRoot, string table, string sql)
    {
        using var session = DeltaQuerySession.Open();
        session.RegisterTableAsync(table, Path.Combine(dataRoot, "final", table)).GetAwaiter().GetResult();
        return QueryRows.Of(session, sql);
    }

    private static async Task<List<string[]>> QueryStoreAsync(OpaqueObjectStore store, LoadOptions options, string table, string sql)
    {
        using var session = DeltaQuerySession.Open(cacheFolder: options.CacheFolder);
        var (_, files) = await session.RegisterTableAsync(table, store, FinalTables.KeyOf(table, options)!);
        Assert.True(files > 0);
        return QueryRows.Of(session, sql);
    }
}
