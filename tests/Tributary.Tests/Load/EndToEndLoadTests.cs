using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Generation;
using Tributary.Load;
using Tributary.Runtime;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

/// <summary>
/// generate → run (the local pipeline with its load) → the curated table holds exactly the rows computed here,
/// independently, from the generated JSON and the dimension CSVs.
/// </summary>
public sealed class EndToEndLoadTests
{
    private const string AppId = "retail";
    private static readonly DateTimeOffset FirstRun = new(2025, 2, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Hand-written records: casts with spaces and '$', two lookups, a duplicate, a correction, a bad number and a non-retail record.</summary>
    private static readonly string[] Extra =
    [
        """{"RetailTxnData":{"InvoiceNo":" 90001 ","InvoiceDateTime":"2024-05-06 07:08:09","StoreNo":" 12 ","StorePos":"P1","Region":"Asia ","StoreCountry":"Japan","LineItem":{"StockCode":" 777001 ","Quantity":"2","UnitPrice":"$150.00","SalePrice":"$300.00"},"Customer":{"CustomerID":" 42 "},"Discount":{"DiscountCode":"summers15"},"SourceTimestamp":"2024-05-06 07:08:09"}}""",
        """{"RetailTxnData":{"InvoiceNo":90002,"InvoiceDateTime":"2024-05-07 10:00:00","StoreNo":3,"StorePos":"P2","Region":"Europe ","StoreCountry":"Germany","LineItem":{"StockCode":"777002","Quantity":1,"UnitPrice":99.99,"SalePrice":99.99},"Discount":{"DiscountCode":"NOPE00000"},"SourceTimestamp":"2024-05-07 10:00:00"}}""",
        """{"RetailTxnData":{"InvoiceNo":90002,"InvoiceDateTime":"2024-05-07 10:00:00","StoreNo":3,"StorePos":"P2","Region":"Europe ","StoreCountry":"Germany","LineItem":{"StockCode":"777002","Quantity":1,"UnitPrice":99.99,"SalePrice":99.99},"Discount":{"DiscountCode":"NOPE00000"},"SourceTimestamp":"2024-05-07 10:00:00"}}""",
        """{"RetailTxnData":{"InvoiceNo":90003,"InvoiceDateTime":"2024-05-08 10:00:00","StoreNo":3,"StorePos":"P2","Region":"Europe ","StoreCountry":"Germany","LineItem":{"StockCode":"777003","Quantity":1,"SalePrice":10},"SourceTimestamp":"2024-05-08 10:00:00"}}""",
        """{"RetailTxnData":{"InvoiceNo":90003,"InvoiceDateTime":"2024-05-08 10:00:00","StoreNo":3,"StorePos":"P2","Region":"Europe ","StoreCountry":"Germany","LineItem":{"StockCode":"777003","Quantity":4,"SalePrice":40},"SourceTimestamp":"2024-05-09 11:00:00"}}""",
        """{"RetailTxnData":{"InvoiceNo":"abc","InvoiceDateTime":"2024-05-08 10:00:00","StoreNo":3,"Region":"Europe","LineItem":{"StockCode":"777004","SalePrice":1}}}""",
        """{"hello":"not a sale"}""",
    ];

    [Fact]
    public async Task Generate_run_gives_exactly_the_expected_curated_rows_and_a_rerun_changes_nothing()
    {
        using var data = new TempDirectory();
        var generated = await new DataGenerator(MockarooSchema.Retail).GenerateFilesAsync(new GenerateRequest
        {
            OutputDirectory = Path.Combine(data.Path, "source"),
            RowsPerFile = 150,
            Files = 2,
            Seed = 20250201,
            Format = GeneratedFileFormat.JsonLines,
            MaxParallelism = 1,
        });
        Assert.Equal(2, generated.Files.Count);
        await File.WriteAllTextAsync(Path.Combine(data.Path, "source", "extra.jsonl"), string.Join('\n', Extra) + "\n");
        var clock = new ManualClock(FirstRun);

        var first = await RunAsync(data.Path, clock);

        Assert.Equal(LoadStatus.Loaded, first.Status);
        var expected = ExpectedCurated(Directory.GetFiles(Path.Combine(data.Path, "source")), out var rejectedRecords);
        Assert.Equal(2, rejectedRecords);
        var actual = CuratedRows(data.Path);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, row) in expected)
        {
            Assert.Equal(row, actual[key]);
        }

        // 300 generated, 7 written here: 2 rejected, 1 exact duplicate, 1 superseded by its correction.
        Assert.Equal(300 + Extra.Length - 4, actual.Count);
        Assert.Equal(2, first.Curation!.RejectedRows);

        // Hand-checked: trimmed casts, '$' stripped, case-insensitive discount code, JPY; 255 * 0.0066 = 1.683.
        Assert.Equal(new CuratedRow(2, 300f, "JPY", 0.0066, 15, 1.68), actual["90001|12|777001|2024-05-06|Asia"]);
        // Unknown code: 5%; EUR 1.08; (99.99 - 4.9995) * 1.08 = 102.589.
        Assert.Equal(new CuratedRow(1, 99.99f, "EUR", 1.08, 5, 102.59), actual["90002|3|777002|2024-05-07|Europe"]);
        // The correction (newer SourceTimestamp) won: (40 - 2) * 1.08 = 41.04.
        Assert.Equal(new CuratedRow(4, 40f, "EUR", 1.08, 5, 41.04), actual["90003|3|777003|2024-05-08|Europe"]);
        Assert.Equal(
            [["RetailTxnData", "not a retail transaction line: the record has none of RetailTxnData.InvoiceNo, RetailTxnData.StoreNo and RetailTxnData.InvoiceDateTime"],
             ["RetailTxnData_InvoiceNo", "not a whole number (invoiceno is BIGINT)"]],
            LoadStageTests.Query(data.Path, "SELECT column_name, reason FROM rejected ORDER BY column_name"));

        // sales_summary is a GROUP BY over curated.
        Assert.Equal(
            LoadStageTests.Query(data.Path,
                "SELECT region, storeno, invoice_year, invoice_month, count(DISTINCT invoiceno), count(DISTINCT lineitem_stockcode), sum(lineitem_quantity), " +
                "round(sum(lineitem_finalsaleprice), 2) FROM curated GROUP BY ALL ORDER BY ALL"),
            LoadStageTests.Query(data.Path,
                "SELECT region, storeno, invoice_year, invoice_month, distinct_invoices, distinct_stockcodes, total_quantity, total_sales FROM sales_summary ORDER BY ALL"));

        // Re-running the same input: no new commit anywhere, update_ts unchanged.
        var versions = await VersionsAsync(data.Path);
        var updateTimes = LoadStageTests.Query(data.Path, "SELECT invoiceno, storeno, lineitem_stockcode, update_ts FROM curated ORDER BY ALL");
        clock.Now = FirstRun.AddHours(1);
        var rerun = await RunAsync(data.Path, clock);
        Assert.Equal(LoadStatus.NothingNew, rerun.Status);
        Assert.Equal(versions, await VersionsAsync(data.Path));
        Assert.Equal(updateTimes, LoadStageTests.Query(data.Path, "SELECT invoiceno, storeno, lineitem_stockcode, update_ts FROM curated ORDER BY ALL"));

        // A corrected record (a new file, newer SourceTimestamp) updates its row and keeps create_ts.
        var corrected = Extra[1].Replace("\"SalePrice\":99.99", "\"SalePrice\":50", StringComparison.Ordinal)
            .Replace("\"SourceTimestamp\":\"2024-05-07 10:00:00\"", "\"SourceTimestamp\":\"2024-05-10 00:00:00\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(data.Path, "source", "correction.jsonl"), corrected + "\n");
        clock.Now = FirstRun.AddHours(2);
        var third = await RunAsync(data.Path, clock);
        Assert.Equal((0L, 1L), (third.RowsInserted, third.RowsUpdated));
        Assert.Equal(new CuratedRow(1, 50f, "EUR", 1.08, 5, 51.3), CuratedRows(data.Path)["90002|3|777002|2024-05-07|Europe"]);
        Assert.Equal(
            [["08:00", "10:00"]],
            LoadStageTests.Query(data.Path, "SELECT strftime(create_ts, '%H:%M'), strftime(update_ts, '%H:%M') FROM curated WHERE invoiceno = 90002"));
        Assert.Equal(actual.Count, CuratedRows(data.Path).Count);
    }

    private static async Task<LoadResult> RunAsync(string root, TimeProvider clock)
    {
        var options = new TributaryOptions();
        options.Storage.DataRoot = root;
        options.Stream.ShardCount = 2;
        options.Stream.FlushToDisk = false;
        var stage = new LoadStage(options.Load, AppId, root, clock);
        LoadResult? result = null;
        await using (var pipeline = new LocalPipeline(options, new LocalObjectStore(root)))
        {
            pipeline.LoadAsync = async ct => result = await stage.RunAsync(ct);
            await pipeline.RunAsync();
        }

        return result!;
    }

    /// <summary>The curated rows the test expects, by MERGE key, computed from the source JSON and the dimension CSVs.</summary>
    private static Dictionary<string, CuratedRow> ExpectedCurated(IEnumerable<string> sourceFiles, out int rejected)
    {
        var dim = Path.Combine(RepositoryRoot(), "data", "dim");
        var currencyOf = Csv(Path.Combine(dim, "country_currency.csv"));
        var rateOf = Csv(Path.Combine(dim, "currency_rate.csv"));
        var discountOf = Csv(Path.Combine(dim, "discount_code.csv"));
        var newest = new Dictionary<string, (string SourceTs, CuratedRow Row)>(StringComparer.Ordinal);
        rejected = 0;
        foreach (var line in sourceFiles.SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("RetailTxnData", out var r)
                || !long.TryParse(Text(r, "InvoiceNo"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var invoice))
            {
                rejected++;
                continue;
            }

            var item = r.GetProperty("LineItem");
            var invoiceTs = Text(r, "InvoiceDateTime")!;
            var key = string.Join('|', invoice, Text(r, "StoreNo"), Text(item, "StockCode"), invoiceTs[..10], Text(r, "Region"));
            var salePrice = float.Parse(Text(item, "SalePrice")!.Replace("$", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var currency = currencyOf.GetValueOrDefault(Text(r, "StoreCountry")!.ToLowerInvariant(), "USD");
            var rate = double.Parse(rateOf.GetValueOrDefault(currency.ToLowerInvariant(), "1"), CultureInfo.InvariantCulture);
            var code = r.TryGetProperty("Discount", out var discount) ? Text(discount, "DiscountCode") : null;
            var percent = double.Parse(code is null ? "5" : discountOf.GetValueOrDefault(code.ToLowerInvariant(), "5"), CultureInfo.InvariantCulture);
            var row = new CuratedRow(
                double.Parse(Text(item, "Quantity")!, CultureInfo.InvariantCulture), salePrice, currency, rate, percent, LoadStageTests.Price(salePrice, percent, rate));
            var sourceTs = Text(r, "SourceTimestamp") ?? "1900-01-01 00:00:00";
            if (!newest.TryGetValue(key, out var seen) || string.CompareOrdinal(sourceTs, seen.SourceTs) > 0)
            {
                newest[key] = (sourceTs, row);
            }
        }

        return newest.ToDictionary(e => e.Key, e => e.Value.Row, StringComparer.Ordinal);
    }

    private static Dictionary<string, CuratedRow> CuratedRows(string root)
    {
        var rows = LoadStageTests.Query(root,
            "SELECT invoiceno, storeno, lineitem_stockcode, strftime(invoicedate, '%Y-%m-%d'), region, " +
            "CAST(lineitem_quantity AS VARCHAR), CAST(lineitem_saleprice AS VARCHAR), currency, CAST(conversion_rate AS VARCHAR), " +
            "CAST(discount_percent AS VARCHAR), CAST(lineitem_finalsaleprice AS VARCHAR) FROM curated");
        return rows.ToDictionary(
            r => string.Join('|', r[0..5]),
            r => new CuratedRow(
                double.Parse(r[5], CultureInfo.InvariantCulture),
                float.Parse(r[6], CultureInfo.InvariantCulture),
                r[7],
                double.Parse(r[8], CultureInfo.InvariantCulture),
                double.Parse(r[9], CultureInfo.InvariantCulture),
                double.Parse(r[10], CultureInfo.InvariantCulture)),
            StringComparer.Ordinal);
    }

    /// <summary>A JSON value as trimmed text (numbers as written), or null when absent, null or blank.</summary>
    private static string? Text(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()).Trim();
        return text.Length == 0 ? null : text;
    }

    private static Dictionary<string, string> Csv(string path) =>
        File.ReadLines(path, Encoding.UTF8).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);

    private static async Task<Dictionary<string, long>> VersionsAsync(string root)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(Path.Combine(root, "final")))
        {
            var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(folder));
            versions[Path.GetFileName(folder)] = (await table.GetSnapshotAsync()).Version;
        }

        return versions;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tributary.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Tributary.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>The curated values the test checks for one MERGE key.</summary>
    private sealed record CuratedRow(double Quantity, float SalePrice, string Currency, double ConversionRate, double DiscountPercent, double FinalSalePrice);
}
