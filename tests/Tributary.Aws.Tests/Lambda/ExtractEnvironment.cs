using System.Text;
using System.Text.Json;
using Tributary.Aws.Kinesis;
using Tributary.Aws.Lambda;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Aws.Storage;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Records;

namespace Tributary.Aws.Tests.Lambda;

/// <summary>
/// One extract test's AWS resources on the local servers: the pipeline's bucket and two-shard Kinesis stream
/// (<see cref="AwsPipeline"/>, on serial moto, so DynamoDB conditions are atomic as on AWS) and a ledger table.
/// </summary>
internal sealed class ExtractEnvironment(TributaryOptions options, AwsClientFactory clients, ExtractLedgerTable ledger) : IDisposable
{
    public TributaryOptions Options => options;

    public AwsClientFactory Clients => clients;

    public S3ObjectStore Store { get; } = clients.CreateObjectStore(options.Storage.ObjectStore.Bucket);

    public KinesisRecordStream Stream { get; } = clients.CreateRecordStream(options.Stream.Name);

    public ExtractLedgerTable Ledger => ledger;

    public string Bucket => Options.Storage.ObjectStore.Bucket!;

    public StringWriter Metrics { get; } = new();

    public StringWriter Log { get; } = new();

    public static async Task<ExtractEnvironment> CreateAsync(int leaseSeconds = 60, int recordsPerPut = 500)
    {
        var pipeline = await AwsPipeline.CreateAsync(serial: true);
        var aws = pipeline.Aws;
        aws.LedgerTableName = LocalAws.UniqueName("ledger");
        aws.ExtractLeaseSeconds = leaseSeconds;
        var clients = new AwsClientFactory(aws);
        var options = new TributaryOptions { Aws = aws };
        options.Storage.ObjectStore.Transport = ObjectStoreTransport.S3;
        options.Storage.ObjectStore.Bucket = pipeline.Bucket;
        options.Stream.Transport = "kinesis";
        options.Stream.Name = pipeline.StreamName;
        options.Extract.RecordsPerPut = recordsPerPut;
        var ledger = new ExtractLedgerTable(clients.CreateDynamoDbClient(), aws.LedgerTableName);
        await ledger.EnsureTableAsync();
        return new ExtractEnvironment(options, clients, ledger);
    }

    public ExtractFunction Function(IRecordStream? stream = null) =>
        new(new LambdaContext(Options, Clients, new EmfWriter(Metrics, "Tributary"), Log), stream);

    /// <summary>Retail-like records; record <c>i</c> has InvoiceNo <c>{prefix}{i}</c> and StoreNo <c>i % 7</c>.</summary>
    public static string JsonArray(string prefix, int count) =>
        "[" + string.Join(",\n", Enumerable.Range(0, count).Select(i => $$$"""{"RetailTxnData":{"InvoiceNo":"{{{prefix}}}{{{i}}}","StoreNo":{{{i % 7}}},"Region":"EU"}}""")) + "]";

    /// <summary>The S3 event notification for an object, as S3 sends it (key URL-encoded, '+' for spaces).</summary>
    public async Task<string> NotificationAsync(string key)
    {
        var info = await Store.GetInfoAsync(key) ?? throw new InvalidOperationException(key + " is missing");
        return JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1",
                    eventSource = "aws:s3",
                    awsRegion = "us-east-1",
                    eventTime = "2026-11-27T08:00:00.000Z",
                    eventName = "ObjectCreated:Put",
                    s3 = new
                    {
                        s3SchemaVersion = "1.0",
                        configurationId = "extract",
                        bucket = new { name = Bucket, arn = "arn:aws:s3:::" + Bucket },
                        @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal).Replace("%20", "+", StringComparison.Ordinal), size = info.Size, eTag = info.ETag.Trim('"'), sequencer = "0A1B2C3D4E5F678901" },
                    },
                },
            },
        });
    }

    /// <summary>The EventBridge "Object Created" event for an object.</summary>
    public async Task<string> EventBridgeAsync(string key)
    {
        var info = await Store.GetInfoAsync(key) ?? throw new InvalidOperationException(key + " is missing");
        var detail = new Dictionary<string, object>
        {
            ["version"] = "0",
            ["bucket"] = new { name = Bucket },
            ["object"] = new Dictionary<string, object> { ["key"] = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal).Replace("%20", "+", StringComparison.Ordinal), ["size"] = info.Size, ["etag"] = info.ETag.Trim('"'), ["sequencer"] = "00617F08299329D189" },
            ["request-id"] = "N4N7GDK58NMKJ12R",
            ["requester"] = "123456789012",
            ["reason"] = "PutObject",
        };
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "Object Created",
            ["source"] = "aws.s3",
            ["account"] = "123456789012",
            ["time"] = "2026-11-27T08:00:00Z",
            ["region"] = "us-east-1",
            ["resources"] = new[] { "arn:aws:s3:::" + Bucket },
            ["detail"] = detail,
        });
    }

    public static async Task<JsonDocument> InvokeAsync(ExtractFunction function, string json)
    {
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return await JsonDocument.ParseAsync(output);
    }

    /// <summary>Every record on the stream: its source, index, partition key and InvoiceNo.</summary>
    public async Task<List<(string Source, long Index, string PartitionKey, string Invoice)>> ReadStreamAsync()
    {
        var records = new List<(string, long, string, string)>();
        foreach (var shard in await Stream.ListShardsAsync())
        {
            string? after = null;
            while (true)
            {
                var page = await Stream.GetRecordsAsync(shard, after, 1000);
                if (page.Records.Count == 0)
                {
                    break;
                }

                foreach (var record in page.Records)
                {
                    var envelope = RecordEnvelope.Parse(record.Data);
                    using var inner = JsonDocument.Parse(envelope.Record);
                    var invoice = inner.RootElement.GetProperty("RetailTxnData").GetProperty("InvoiceNo").GetString()!;
                    records.Add((envelope.Source!, envelope.Index!.Value, record.PartitionKey, invoice));
                }

                after = page.Records[^1].SequenceNumber;
            }
        }

        return records;
    }

    public void Dispose() => Clients.Dispose();
}
