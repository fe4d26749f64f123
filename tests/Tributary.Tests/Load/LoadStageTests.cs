using System.Globalization;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

public sealed class LoadStageTests
{
    private const string AppId = "retail";
    private static readonly DateTimeOffset FirstLoad = new(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrival = new(2025, 1, 10, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Loads_staging_into_curated_rows_computed_independently()
    {
        using var data = new TempDirectory();
        var lines = new List<Dictionary<string, string?>>
        {
            StagingFiles.Line(invoiceNo: "1", region: "Europe ", storeCountry: "Germany", salePrice: "$20.00", discountCode: "SUMMERS15", stockCode: "100001"),
            StagingFiles.Line(invoiceNo: "2", region: "Asia-Pacific ", storeCountry: "Japan", salePrice: "1000", discountCode: "XYZXYZX99", stockCode: "100002", invoiceDateTime: "2024-04-01 09:00:00"),
            StagingFiles.Line(invoiceNo: "3", region: "North America ", storeCountry: "USA", salePrice: "12.34", stockCode: "100003", invoiceDateTime: "2023-12-31 23:59:59"),
            StagingFiles.Line(invoiceNo: "abc"),
        };
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/retail-1-2025-01-10-11-00-00-aaaa.parquet", lines.Take(2).ToList(), Arrival);
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/retail-1-2025-01-10-11-05-00-bbbb.parquet", lines.Skip(2).ToList(), Arrival.AddMinutes(5));

        var stage = new LoadStage(new LoadOptions(), AppId, data.Path, new ManualClock(FirstLoad));
        var result = await stage.RunAsync();

        Assert.Equal(LoadStatus.Loaded, result.Status);
        Assert.Equal(1, result.LoadId);
        Assert.Equal(2, result.Batches.Count);
        Assert.Equal(new CurationCounts(4, 1, 0, 0, 3), result.Curation);
        Assert.Equal(3, result.RowsInserted);
        Assert.Equal(1, result.RejectionsWritten);

        var rows = Query(data.Path,
            "SELECT invoiceno, region, invoice_year, currency, lineitem_finalsaleprice, create_ts = update_ts FROM curated ORDER BY invoiceno");
        // Independent expectations: rate table values and discount percentages from data/dim/*.csv.
        var expected = new[]
        {
            ("1", "Europe", "2024", "EUR", Price(20.00f, 15, 1.08)),
            ("2", "Asia-Pacific", "2024", "JPY", Price(1000f, 5, 0.0066)),
            ("3", "North America", "2023", "USD", Price(12.34f, 5, 1)),
        };
        Assert.Equal(expected.Length, rows.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Item1, rows[i][0]);
            Assert.Equal(expected[i].Item2, rows[i][1]);
            Assert.Equal(expected[i].Item3, rows[i][2]);
            Assert.Equal(expected[i].Item4, rows[i][3]);
            Assert.Equal(expected[i].Item5, double.Parse(rows[i][4], CultureInfo.InvariantCulture));
            Assert.Equal("True", rows[i][5]);
        }

        var rejected = Query(data.Path, "SELECT value, column_name, load_id FROM rejected");
        Assert.Equal([["abc", "RetailTxnData_InvoiceNo", "1"]], rejected);

        // The summary is a GROUP BY over curated.
        var summary = Query(data.Path,
            "SELECT region, storeno, invoice_year, invoice_month, distinct_invoices, distinct_stockcodes, total_quantity, total_sales, period_rank FROM sales_summary ORDER BY ALL");
        var grouped = Query(data.Path,
            "SELECT region, storeno, invoice_year, invoice_month, count(DISTINCT invoiceno), count(DISTINCT lineitem_stockcode), sum(lineitem_quantity), " +
            "round(sum(lineitem_finalsaleprice), 2), 1 FROM curated GROUP BY ALL ORDER BY ALL");
        Assert.Equal(grouped, summary);

        // Every table's commit carries the load's txn.
        foreach (var table in new[] { "curated", "rejected", "sales_summary" })
        {
            var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(Path.Combine(data.Path, "final", table)))).GetSnapshotAsync();
            Assert.Equal(1, snapshot.GetAppTransactionVersion(AppId));
        }
    }

    [Fact]
    public async Task A_rerun_with_nothing_new_writes_nothing()
    {
        using var data = new TempDirectory();
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/a.parquet", [StagingFiles.Line()], Arrival);
        var clock = new ManualClock(FirstLoad);
        var stage = new LoadStage(new LoadOptions(), AppId, data.Path, clock);
        await stage.RunAsync();
        var versions = Versions(data.Path);

        clock.Now = FirstLoad.AddHours(1);
        var again = await stage.RunAsync();

        Assert.Equal(LoadStatus.NothingNew, again.Status);
        Assert.Equal(1, again.LoadId);
        Assert.Equal(versions, Versions(data.Path));
        Assert.Equal([["2025-01-10 12:00:00+00"]], Query(data.Path, "SELECT strftime(update_ts, '%Y-%m-%d %H:%M:%S+00') FROM curated"));
    }

    [Fact]
    public async Task A_corrected_record_updates_the_row_and_keeps_create_ts()
    {
        using var data = new TempDirectory();
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/a.parquet",
            [StagingFiles.Line(invoiceNo: "5", salePrice: "10", stockCode: "555555"), StagingFiles.Line(invoiceNo: "6", salePrice: "60")], Arrival);
        var clock = new ManualClock(FirstLoad);
        var stage = new LoadStage(new LoadOptions(), AppId, data.Path, clock);
        await stage.RunAsync();

        StagingFiles.Write(data.Path, "staging/2025/01/10/13/b.parquet",
            [StagingFiles.Line(invoiceNo: "5", salePrice: "30", stockCode: "555555", sourceTimestamp: "2024-03-16 00:00:00")], Arrival.AddHours(2));
        clock.Now = FirstLoad.AddHours(3);
        var second = await stage.RunAsync();

        Assert.Equal(LoadStatus.Loaded, second.Status);
        Assert.Equal(2, second.LoadId);
        Assert.Equal(1, second.RowsUpdated);
        Assert.Equal(0, second.RowsInserted);
        var rows = Query(data.Path,
            "SELECT invoiceno, lineitem_saleprice, strftime(create_ts, '%H:%M'), strftime(update_ts, '%H:%M') FROM curated ORDER BY invoiceno");
        Assert.Equal([["5", "30", "12:00", "15:00"], ["6", "60", "12:00", "12:00"]], rows);
        var summary = Query(data.Path, "SELECT total_sales FROM sales_summary");
        Assert.Equal([[Price(30f, 5, 1.08) + Price(60f, 5, 1.08) is var total ? Math.Round(total, 2).ToString(CultureInfo.InvariantCulture) : ""]], summary);
    }

    [Fact]
    public async Task An_interrupted_load_is_finished_by_the_next_run_with_the_same_batches()
    {
        using var data = new TempDirectory();
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/a.parquet", [StagingFiles.Line(invoiceNo: "1"), StagingFiles.Line(invoiceNo: "abc")], Arrival);
        var uninterrupted = new TempDirectory();
        CopyFolder(data.Path, uninterrupted.Path);
        await new LoadStage(new LoadOptions(), AppId, uninterrupted.Path, new ManualClock(FirstLoad)).RunAsync();

        await new LoadStage(new LoadOptions(), AppId, data.Path, new ManualClock(FirstLoad)).RunAsync();
        // Undo the curated and summary commits: the load died right after committing its rejected rows.
        DeleteLatestCommit(data.Path, "curated");
        DeleteLatestCommit(data.Path, "sales_summary");
        // A batch that arrives meanwhile must wait for the next load.
        StagingFiles.Write(data.Path, "staging/2025/01/10/10/early.parquet", [StagingFiles.Line(invoiceNo: "9")], Arrival);

        var rerun = await new LoadStage(new LoadOptions(), AppId, data.Path, new ManualClock(FirstLoad)).RunAsync();

        Assert.True(rerun.Resumed);
        Assert.Equal(["staging/2025/01/10/11/a.parquet"], rerun.Batches);
        Assert.Equal(0, rerun.RejectionsWritten);
        var tables = "SELECT * EXCLUDE (create_ts, update_ts) FROM curated ORDER BY invoiceno";
        Assert.Equal(Query(uninterrupted.Path, tables), Query(data.Path, tables));
        Assert.Equal(Query(uninterrupted.Path, "SELECT * FROM rejected"), Query(data.Path, "SELECT * FROM rejected"));
        Assert.Equal(Query(uninterrupted.Path, "SELECT * FROM sales_summary"), Query(data.Path, "SELECT * FROM sales_summary"));

        var next = await new LoadStage(new LoadOptions(), AppId, data.Path, new ManualClock(FirstLoad)).RunAsync();
        Assert.Equal(["staging/2025/01/10/10/early.parquet"], next.Batches);
        uninterrupted.Dispose();
    }

    [Fact]
    public async Task A_summary_refresh_left_undone_is_finished_first()
    {
        using var data = new TempDirectory();
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/a.parquet", [StagingFiles.Line(invoiceNo: "1")], Arrival);
        var stage = new LoadStage(new LoadOptions(), AppId, data.Path, new ManualClock(FirstLoad));
        await stage.RunAsync();
        var expected = Query(data.Path, "SELECT * FROM sales_summary");
        DeleteLatestCommit(data.Path, "sales_summary");

        var rerun = await stage.RunAsync();

        Assert.Equal(LoadStatus.NothingNew, rerun.Status);
        Assert.True(rerun.RecoveredSummary);
        Assert.Equal(["Europe"], rerun.SummaryRegions);
        Assert.Equal(expected, Query(data.Path, "SELECT * FROM sales_summary"));
    }

    internal static double Price(float salePrice, double discountPercent, double rate) =>
        Math.Round(((double)salePrice - ((double)salePrice * discountPercent / 100.0)) * rate, 2, MidpointRounding.AwayFromZero);

    internal static List<string[]> Query(string dataRoot, string sql)
    {
        using var session = DeltaQuerySession.Open();
        foreach (var table in new[] { "curated", "rejected", "sales_summary" })
        {
            var folder = Path.Combine(dataRoot, "final", table);
            if (Directory.Exists(Path.Combine(folder, "_delta_log")))
            {
                session.RegisterTableAsync(table, folder).GetAwaiter().GetResult();
            }
        }

        return QueryRows.Of(session, sql);
    }

    private static Dictionary<string, int> Versions(string dataRoot) =>
        Directory.GetDirectories(Path.Combine(dataRoot, "final"))
            .ToDictionary(d => Path.GetFileName(d), d => Directory.GetFiles(Path.Combine(d, "_delta_log"), "*.json").Length);

    private static void DeleteLatestCommit(string dataRoot, string table)
    {
        var log = Path.Combine(dataRoot, "final", table, "_delta_log");
        File.Delete(Directory.GetFiles(log, "*.json").Order(StringComparer.Ordinal).Last());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
