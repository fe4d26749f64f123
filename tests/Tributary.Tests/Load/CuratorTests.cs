using Tributary.Load;
using Tributary.Load.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

public sealed class CuratorTests
{
    private static readonly DateTimeOffset LoadTime = new(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrival = new(2025, 1, 10, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Casts_trims_looks_up_and_prices_a_line()
    {
        using var temp = new TempDirectory();
        const string key = "staging/2025/01/10/11/retail-1-2025-01-10-11-00-00-a.parquet";
        var path = StagingFiles.Write(temp.Path, key,
        [
            StagingFiles.Line(invoiceNo: " 1001 ", region: "Europe ", storeCountry: " germany ", unitPrice: "$12.50", salePrice: " $37.50 ", quantity: "3", discountCode: "summers15", stockCode: "1234"),
        ], Arrival);

        using var session = DuckDbSession.Open();
        var counts = new Curator(new CurationResources(null, null)).Curate(session, [new StagingBatch(key, path)], LoadTime, 1);

        Assert.Equal(new CurationCounts(1, 0, 0, 0, 1), counts);
        using var reader = session.Read(
            "SELECT invoiceno, region, storecountry, currency, conversion_rate, discount_percent, lineitem_unitprice, lineitem_saleprice, " +
            "lineitem_finalsaleprice, invoicedate, invoice_year, invoice_month, local_stockcode, standard_stockcode, customer_status, " +
            "processing_delay, create_ts, update_ts, _staging_file FROM curation_curated");
        Assert.True(reader.Read());
        Assert.Equal(1001L, reader.GetInt64(0));
        Assert.Equal("Europe", reader.GetString(1));
        Assert.Equal("germany", reader.GetString(2));
        Assert.Equal("EUR", reader.GetString(3));
        Assert.Equal(1.08, reader.GetDouble(4));
        Assert.Equal(15.0, reader.GetDouble(5));
        Assert.Equal(12.5f, reader.GetFloat(6));
        Assert.Equal(37.5f, reader.GetFloat(7));
        // (37.50 - 37.50 * 0.15) * 1.08 = 31.875 * 1.08 = 34.425 -> 34.43 (half away from zero; 34.425 is stored as 34.4250000...01)
        Assert.Equal(Math.Round((37.5 - (37.5 * 15 / 100.0)) * 1.08, 2, MidpointRounding.AwayFromZero), reader.GetDouble(8));
        Assert.Equal(new DateOnly(2024, 3, 15), DateOnly.FromDateTime(reader.GetDateTime(9)));
        Assert.Equal(2024, reader.GetInt32(10));
        Assert.Equal(3, reader.GetInt32(11));
        Assert.Equal("123", reader.GetString(12));
        Assert.Equal("0000001234", reader.GetString(13));
        Assert.Equal("registered", reader.GetString(14));
        Assert.Equal((LoadTime.Date - new DateTime(2024, 3, 15)).Days, reader.GetInt32(15));
        Assert.Equal(LoadTime.UtcDateTime, reader.GetDateTime(16));
        Assert.Equal(LoadTime.UtcDateTime, reader.GetDateTime(17));
        Assert.Equal(key, reader.GetString(18));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Missing_values_take_the_documented_defaults()
    {
        using var temp = new TempDirectory();
        const string key = "staging/b.parquet";
        var line = StagingFiles.Line(storeCountry: "Atlantis", discountCode: "NOPE");
        line["RetailTxnData_InvoiceNo"] = null;
        line["RetailTxnData_InvoiceDateTime"] = "  ";
        line["RetailTxnData_SourceTimestamp"] = null;
        line["RetailTxnData_LineItem_Quantity"] = null;
        line["RetailTxnData_LineItem_UnitPrice"] = null;
        line["RetailTxnData_Customer_CustomerID"] = null;
        line.Remove("RetailTxnData_Discount_DiscountCode");
        var path = StagingFiles.Write(temp.Path, key, [line], Arrival);

        using var session = DuckDbSession.Open();
        var counts = new Curator(new CurationResources(null, null)).Curate(session, [new StagingBatch(key, path)], LoadTime, 1);

        Assert.Equal(1, counts.CuratedRows);
        using var reader = session.Read(
            "SELECT invoiceno, invoicets, invoicedate, invoice_year, lineitem_quantity, lineitem_unitprice, customer_customerid, sourcets, " +
            "currency, conversion_rate, discount_percent, lineitem_finalsaleprice, customer_status, discount_discountcode FROM curation_curated");
        Assert.True(reader.Read());
        Assert.Equal(-1L, reader.GetInt64(0));
        Assert.Equal(new DateTime(1900, 1, 1), reader.GetDateTime(1));
        Assert.Equal(new DateTime(1900, 1, 1), reader.GetDateTime(2));
        Assert.Equal(1900, reader.GetInt32(3));
        Assert.True(double.IsNaN(reader.GetDouble(4)));
        Assert.True(float.IsNaN(reader.GetFloat(5)));
        Assert.Equal(-1L, reader.GetInt64(6));
        Assert.Equal(new DateTime(1900, 1, 1), reader.GetDateTime(7));
        Assert.Equal("USD", reader.GetString(8));
        Assert.Equal(1.0, reader.GetDouble(9));
        Assert.Equal(5.0, reader.GetDouble(10));
        Assert.Equal(Math.Round(37.5 - (37.5 * 0.05), 2, MidpointRounding.AwayFromZero), reader.GetDouble(11));
        Assert.Equal("guest", reader.GetString(12));
        Assert.True(reader.IsDBNull(13));
    }

    [Fact]
    public void Uncastable_values_are_rejected_with_column_and_reason()
    {
        using var temp = new TempDirectory();
        const string key = "staging/c.parquet";
        var path = StagingFiles.Write(temp.Path, key,
        [
            StagingFiles.Line(invoiceNo: "abc"),
            StagingFiles.Line(invoiceNo: "1002", invoiceDateTime: "2024-02-30 10:00:00", quantity: "many"),
            StagingFiles.Line(invoiceNo: "1003"),
        ], Arrival);

        using var session = DuckDbSession.Open();
        var counts = new Curator(new CurationResources(null, null)).Curate(session, [new StagingBatch(key, path)], LoadTime, 7);

        Assert.Equal(new CurationCounts(3, 2, 0, 0, 1), counts);
        using var reader = session.Read(
            "SELECT load_id, staging_file, source_record, column_name, value, reason, staging_row FROM curation_rejected ORDER BY source_record, column_name");
        var rejected = new List<(long, string, long, string, string, string, string)>();
        while (reader.Read())
        {
            rejected.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        Assert.Collection(rejected,
            r =>
            {
                Assert.Equal((7L, key, 0L, "RetailTxnData_InvoiceNo", "abc"), (r.Item1, r.Item2, r.Item3, r.Item4, r.Item5));
                Assert.Contains("whole number", r.Item6, StringComparison.Ordinal);
                Assert.Contains("\"RetailTxnData_InvoiceNo\":\"abc\"", r.Item7, StringComparison.Ordinal);
                Assert.DoesNotContain("_rid", r.Item7, StringComparison.Ordinal);
            },
            r =>
            {
                Assert.Equal((1L, "RetailTxnData_InvoiceDateTime", "2024-02-30 10:00:00"), (r.Item3, r.Item4, r.Item5));
                Assert.Contains("date and time", r.Item6, StringComparison.Ordinal);
            },
            r => Assert.Equal((1L, "RetailTxnData_LineItem_Quantity", "many"), (r.Item3, r.Item4, r.Item5)),
            r => Assert.Equal((1L, "RetailTxnData_SourceTimestamp", "2024-02-30 10:00:00"), (r.Item3, r.Item4, r.Item5)));
        Assert.Equal(1003L, session.Scalar<long>("SELECT invoiceno FROM curation_curated"));
    }

    [Fact]
    public void A_record_without_the_retail_fields_is_rejected_not_curated_as_unknown()
    {
        using var temp = new TempDirectory();
        const string key = "staging/d.parquet";
        var path = StagingFiles.Write(temp.Path, key,
        [
            new Dictionary<string, string?> { ["hello"] = "world", ["RetailTxnData_LineItem_Quantity"] = "3" },
            new Dictionary<string, string?> { ["hello"] = "again" },
            StagingFiles.Line(invoiceNo: "1004"),
        ], Arrival);

        using var session = DuckDbSession.Open();
        var counts = new Curator(new CurationResources(null, null)).Curate(session, [new StagingBatch(key, path)], LoadTime, 3);

        Assert.Equal(new CurationCounts(3, 2, 0, 0, 1), counts);
        using var reader = session.Read("SELECT source_record, column_name, value, reason, staging_row FROM curation_rejected ORDER BY source_record");
        for (var record = 0L; record < 2; record++)
        {
            Assert.True(reader.Read());
            Assert.Equal((record, "RetailTxnData"), (reader.GetInt64(0), reader.GetString(1)));
            Assert.True(reader.IsDBNull(2));
            Assert.Equal(
                "not a retail transaction line: the record has none of RetailTxnData.InvoiceNo, RetailTxnData.StoreNo and RetailTxnData.InvoiceDateTime",
                reader.GetString(3));
            Assert.Contains("\"hello\":", reader.GetString(4), StringComparison.Ordinal);
        }

        Assert.False(reader.Read());
        Assert.Equal(1004L, session.Scalar<long>("SELECT invoiceno FROM curation_curated"));
        Assert.Equal(0L, session.Scalar<long>("SELECT count(*) FROM curation_curated WHERE storeno = 'unknown' OR isnan(lineitem_saleprice)"));
    }

    [Fact]
    public void Duplicates_keep_the_newest_source_timestamp()
    {
        using var temp = new TempDirectory();
        var first = StagingFiles.Write(temp.Path, "staging/1.parquet",
        [
            StagingFiles.Line(invoiceNo: "1", salePrice: "10", sourceTimestamp: "2024-03-15 10:20:30"),
            StagingFiles.Line(invoiceNo: "1", salePrice: "30", sourceTimestamp: "2024-03-17 00:00:00"),
            StagingFiles.Line(invoiceNo: "2", stockCode: "111111"),
            StagingFiles.Line(invoiceNo: "2", stockCode: "222222"),
        ], Arrival);
        var second = StagingFiles.Write(temp.Path, "staging/2.parquet",
        [
            StagingFiles.Line(invoiceNo: "1", salePrice: "20", sourceTimestamp: "2024-03-16 00:00:00"),
            // Same MERGE key as invoice 1 (same date, other time): the seed's window keeps both, the key step keeps the newest.
            StagingFiles.Line(invoiceNo: "1", invoiceDateTime: "2024-03-15 18:00:00", salePrice: "40", sourceTimestamp: "2024-03-18 00:00:00"),
        ], Arrival.AddMinutes(1));

        using var session = DuckDbSession.Open();
        var counts = new Curator(new CurationResources(null, null)).Curate(
            session, [new StagingBatch("staging/1.parquet", first), new StagingBatch("staging/2.parquet", second)], LoadTime, 1);

        Assert.Equal(new CurationCounts(6, 0, 2, 1, 3), counts);
        Assert.Equal(40f, session.Scalar<float>("SELECT lineitem_saleprice FROM curation_curated WHERE invoiceno = 1"));
        Assert.Equal(2L, session.Scalar<long>("SELECT count(*) FROM curation_curated WHERE invoiceno = 2"));
    }

    [Fact]
    public void Every_generator_country_has_a_currency_with_a_rate()
    {
        var schema = SharedFolder.Require("seed", "mock-data-schema.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(schema));
        var countries = document.RootElement.GetProperty("columns").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "RetailTxnData.StoreCountry")
            .GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.Equal(40, countries.Count);

        using var session = DuckDbSession.Open();
        new Curator(new CurationResources(null, null)).RegisterDimensions(session);
        foreach (var country in countries)
        {
            var rate = session.Scalar<long>(
                "SELECT count(*) FROM dim_country_currency c JOIN dim_currency_rate r ON lower(trim(r.currency)) = lower(trim(c.currency)) " +
                $"WHERE lower(trim(c.country)) = lower('{country.Replace("'", "''", StringComparison.Ordinal)}')");
            Assert.True(rate == 1, $"{country} has {rate} currency/rate matches");
        }
    }

    [Fact]
    public void A_dimension_with_a_repeated_key_is_refused_naming_it()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("country_currency.csv"), "country,currency\nUSA,USD\n usa ,CAD\n");
        File.WriteAllText(temp.Combine("currency_rate.csv"), "currency,rate_to_usd\nUSD,1\n");
        File.WriteAllText(temp.Combine("discount_code.csv"), "discount_code,discount_percent\n");

        using var session = DuckDbSession.Open();
        var error = Assert.Throws<InvalidDataException>(() => new Curator(new CurationResources(null, temp.Path)).RegisterDimensions(session));
        Assert.Contains("country_currency.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("'usa' 2 times", error.Message, StringComparison.Ordinal);
    }
}
