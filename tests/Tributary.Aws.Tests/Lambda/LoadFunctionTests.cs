using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Tributary.Aws.Lambda;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.Load;
using Tributary.Records;

namespace Tributary.Aws.Tests.Lambda;

/// <summary>The load Lambda function: staging in S3 (as Firehose writes it) → scheduled event → Delta tables in S3.</summary>
public sealed class LoadFunctionTests
{
    private const string ScheduledEventJson = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-11-27T08:15:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/tributary-retail-load"],"detail":{}}
        """;

    /// <summary>Source records: invoice 1001 with two lines, 1002 with one, 1003 with two.</summary>
    private static readonly (long Invoice, string Region, string Country, (string Stock, int Quantity, decimal Price)[] Lines)[] Invoices =
    [
        (1001, "Europe ", "Germany", [("100001", 3, 12.5m), ("100002", 1, 99m)]),
        (1002, "Asia-Pacific ", "Japan", [("100003", 2, 1000m)]),
        (1003, "North America ", "USA", [("100004", 5, 2.25m), ("100001", 1, 12.5m)]),
    ];

    private static string Record((long Invoice, string Region, string Country, (string Stock, int Quantity, decimal Price)[] Lines) invoice) =>
        JsonSerializer.Serialize(new
        {
            RetailTxnData = new
            {
                InvoiceNo = invoice.Invoice,
                InvoiceDateTime = "2026-11-20 10:20:30",
                StoreNo = 7,
                StorePos = "A1BC12345678",
                Region = invoice.Region,
                StoreCountry = invoice.Country,
                LineItem = invoice.Lines.Select(l => new { StockCode = l.Stock, Description = "Drywall", Quantity = l.Quantity, UnitPrice = l.Price, SalePrice = l.Price * l.Quantity }),
                Customer = new { CustomerID = 42, EmailId = "someone@example.com", FirstName = "Ada", LastName = "Lovelace", Country = invoice.Country },
                Discount = new { DiscountCode = "ABCDEFG12" },
                SourceTimestamp = "2026-11-20 10:20:30",
            },
        });

    /// <summary>Runs the transform function on the records, as Firehose does, and returns what Firehose writes to staging.</summary>
    private static async Task<byte[]> TransformAsync(TributaryOptions options, AwsClientFactory clients)
    {
        var records = Invoices.Select((invoice, i) => new
        {
            recordId = "r" + i.ToString(CultureInfo.InvariantCulture),
            approximateArrivalTimestamp = 1764231300000L + i,
            data = Convert.ToBase64String(new RecordEnvelope("source/2026/day.json", i, "shardId-000000000000", (4959000 + i).ToString(CultureInfo.InvariantCulture), 1764231300000L + i, Encoding.UTF8.GetBytes(Record(invoice))).ToArray()),
        });
        var transformEvent = JsonSerializer.Serialize(new { invocationId = "inv-1", deliveryStreamArn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/tributary-retail-delivery", region = "us-east-1", records });
        var function = new TransformFunction(new LambdaContext(options, clients, null, TextWriter.Null));
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(transformEvent)));
        using var response = await JsonDocument.ParseAsync(output);
        var staged = new MemoryStream();
        foreach (var record in response.RootElement.GetProperty("records").EnumerateArray())
        {
            Assert.Equal("Ok", record.GetProperty("result").GetString());
            staged.Write(record.GetProperty("data").GetBytesFromBase64());
        }

        return staged.ToArray();
    }

    [SkippableFact]
    public async Task ScheduledEvent_LoadsFirehoseStagingFromS3_IntoDeltaTablesOnS3_ThroughTheDynamoDbCommitTable()
    {
        using var aws = await S3WithCommitTable.CreateAsync("load-cache");
        var options = aws.Options;
        var clients = aws.Clients;
        var dynamoDb = aws.DynamoDb;
        var cache = aws.Cache;
        var store = clients.CreateObjectStore(options.Storage.ObjectStore.Bucket);
        // Firehose's object name: <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>, no extension when uncompressed.
        await store.PutAsync("staging/2026/11/27/08/tributary-retail-delivery-1-2026-11-27-08-15-00-3f1c0a52-9d2e-4c4b-8f59-2b1d6a9e7c10", await TransformAsync(options, clients));
        var metrics = new StringWriter();
        var log = new StringWriter();

        await using (var function = new LoadFunction(new LambdaContext(options, clients, new EmfWriter(metrics, "Tributary"), log)))
        {
            await using (var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(ScheduledEventJson))))
            {
                using var result = await JsonDocument.ParseAsync(output);
                Assert.Equal("loaded", result.RootElement.GetProperty("status").GetString());
                Assert.Equal(5, result.RootElement.GetProperty("rowsInserted").GetInt64());
                Assert.Equal(0, result.RootElement.GetProperty("rowsRejected").GetInt64());
                Assert.Single(result.RootElement.GetProperty("batches").EnumerateArray());
            }

            await using (var again = await function.HandleAsync(new MemoryStream("{}"u8.ToArray())))
            {
                using var result = await JsonDocument.ParseAsync(again);
                Assert.Equal("nothingNew", result.RootElement.GetProperty("status").GetString());
            }
        }

        using (var session = DeltaQuerySession.Open(cacheFolder: cache.Path))
        {
            await session.RegisterTableAsync("curated", store, "final/curated");
            using var reader = session.Execute("SELECT invoiceno, region, lineitem_stockcode, lineitem_quantity FROM curated ORDER BY invoiceno, lineitem_stockcode");
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }

            Assert.Equal(
                Invoices.SelectMany(inv => inv.Lines.Select(l => $"{inv.Invoice}|{inv.Region.Trim()}|{l.Stock}|{l.Quantity}")).Order(StringComparer.Ordinal),
                rows.Order(StringComparer.Ordinal));
        }

        // Every commit went through the DynamoDB table, keyed as Spark's S3DynamoDBLogStore keys it.
        var entries = await dynamoDb.ScanAsync(new ScanRequest { TableName = aws.CommitTableName });
        Assert.Contains(entries.Items, item => item["tablePath"].S == $"s3a://{options.Storage.ObjectStore.Bucket}/final/curated" && item["fileName"].S == "00000000000000000000.json");

        var emf = metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(2, emf.Count);
        Assert.Equal("load", emf[0].GetProperty("Stage").GetString());
        Assert.Equal(1, emf[0].GetProperty("Batches").GetDouble());
        Assert.Equal(5, emf[0].GetProperty("RowsMerged").GetDouble());
        Assert.True(emf[0].GetProperty("Duration").GetDouble() > 0);
        Assert.Equal(0, emf[1].GetProperty("RowsMerged").GetDouble());
        Assert.Contains("nothing new", log.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }

    [Theory]
    [InlineData("""{"detail-type":"Object Created","source":"aws.s3","detail":{}}""", "'Object Created'")]
    [InlineData("""{"Records":[]}""", "neither")]
    [InlineData("[1]", "JSON object")]
    public void OtherEvents_AreRejected(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ScheduledEvent.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduledEvent_GivesTheFiringTime_AndAnEmptyObjectIsAManualRun()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 15, 0, TimeSpan.Zero), ScheduledEvent.Parse(Encoding.UTF8.GetBytes(ScheduledEventJson)));
        Assert.Null(ScheduledEvent.Parse("{}"u8));
        Assert.Null(ScheduledEvent.Parse(""u8));
    }
}
