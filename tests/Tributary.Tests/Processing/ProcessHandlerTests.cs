using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Processing;
using Tributary.Records;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Processing;

public sealed class ProcessHandlerTests
{
    private static string Event(params (string Sequence, string Data)[] records) =>
        Event([.. records.Select(r => (r.Sequence, Encoding.UTF8.GetBytes(r.Data)))]);

    private static string Event(params (string Sequence, byte[] Data)[] records) => $$"""
        { "Records": [ {{string.Join(",", records.Select(r => $$"""
          { "kinesis": { "kinesisSchemaVersion": "1.0", "partitionKey": "7",
              "sequenceNumber": "{{r.Sequence}}",
              "data": "{{Convert.ToBase64String(r.Data)}}", "approximateArrivalTimestamp": 1545084650.987 },
            "eventSource": "aws:kinesis", "eventVersion": "1.0",
            "eventID": "shardId-000000000006:{{r.Sequence}}",
            "eventName": "aws:kinesis:record", "invokeIdentityArn": "arn:aws:iam::123456789012:role/lambda-role",
            "awsRegion": "us-east-2", "eventSourceARN": "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream" }
        """))}} ] }
        """;

    private static string Retail(string region, string store) =>
        JsonSerializer.Serialize(new { RetailTxnData = new { InvoiceNo = 1, Region = region, StoreNo = store } });

    private static string Envelope(string source, long index, string record) =>
        Encoding.UTF8.GetString(new RecordEnvelope(source, index, null, null, null, Encoding.UTF8.GetBytes(record)).ToArray());

    private static async Task<JsonDocument> InvokeAsync(ProcessHandler handler, string json)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
        using var output = new MemoryStream();
        await handler.HandleAsync(input, output);
        return JsonDocument.Parse(output.ToArray());
    }

    private static List<string> Files(TempDirectory temp, string folder) =>
        Directory.Exists(temp.Combine(folder))
            ? [.. Directory.GetFiles(temp.Combine(folder), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(temp.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];

    [Fact]
    public async Task Aws_event_shape_archives_forwards_and_reports_the_bad_record()
    {
        using var temp = new TempDirectory();
        var delivery = new RecordingDeliveryStream();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), delivery, new ProcessOptions());
        var json = Event(
            ("49590338271490256608559692538361571095921575989136588898", Envelope("source/a.json", 0, Retail("Europe ", "12"))),
            ("49590338271490256608559692538361571095921575989136588899", Retail("Asia", "3")),
            ("49590338271490256608559692538361571095921575989136588900", "not json"),
            ("49590338271490256608559692538361571095921575989136588901", Envelope("source/a.json", 1, Retail("Europe ", "12"))));

        using var response = await InvokeAsync(handler, json);

        var failures = response.RootElement.GetProperty("batchItemFailures");
        Assert.Equal(1, failures.GetArrayLength());
        Assert.Equal("49590338271490256608559692538361571095921575989136588900", failures[0].GetProperty("itemIdentifier").GetString());
        Assert.Equal(
            [
                "raw/Region=Asia/StoreNo=3/invoiceprocess_date=2018-12-17/shardId-000000000006-49590338271490256608559692538361571095921575989136588899.jsonl",
                "raw/Region=Europe /StoreNo=12/invoiceprocess_date=2018-12-17/shardId-000000000006-49590338271490256608559692538361571095921575989136588898.jsonl",
            ],
            Files(temp, "raw"));
        var europe = File.ReadAllText(temp.Combine("raw", "Region=Europe ", "StoreNo=12", "invoiceprocess_date=2018-12-17", "shardId-000000000006-49590338271490256608559692538361571095921575989136588898.jsonl"));
        Assert.Equal(Retail("Europe ", "12") + "\n" + Retail("Europe ", "12") + "\n", europe);

        Assert.Equal(3, delivery.Records.Count);
        var first = RecordEnvelope.Parse(delivery.Records[0]);
        Assert.Equal("source/a.json", first.Source);
        Assert.Equal(0, first.Index);
        Assert.Equal("shardId-000000000006", first.Shard);
        Assert.Equal("49590338271490256608559692538361571095921575989136588898", first.SequenceNumber);
        Assert.Equal(1545084650987, first.ArrivalMilliseconds);
        var bare = RecordEnvelope.Parse(delivery.Records[1]);
        Assert.Null(bare.Source);
        Assert.Equal(Retail("Asia", "3"), Encoding.UTF8.GetString(bare.Record.Span));
    }

    [Fact]
    public async Task A_raw_key_field_escaped_around_bytes_that_are_not_utf8_fails_only_its_record()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions());
        byte[] bad = [.. "{\"RetailTxnData\":{\"InvoiceNo\":1,\"Region\":\""u8, 0xC3, .. "\\u00e9\",\"StoreNo\":\"5\"}}"u8];

        using var response = await InvokeAsync(handler, Event(("1", bad), ("2", Encoding.UTF8.GetBytes(Retail("Asia", "3")))));

        var failure = Assert.Single(response.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal("1", failure.GetProperty("itemIdentifier").GetString());
        Assert.Equal(["raw/Region=Asia/StoreNo=3/invoiceprocess_date=2018-12-17/shardId-000000000006-2.jsonl"], Files(temp, "raw"));
    }

    [Fact]
    public async Task Record_mode_names_are_deterministic_so_a_replay_overwrites()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions { RawMode = RawArchiveMode.Record });
        var json = Event(("1", Envelope("source/a.json", 0, Retail("Europe", "1"))), ("2", Envelope("source/a.json", 1, Retail("Europe", "1"))));

        using (await InvokeAsync(handler, json))
        {
        }

        var first = Files(temp, "raw");
        using (await InvokeAsync(handler, json))
        {
        }

        Assert.Equal(2, first.Count);
        Assert.Equal(first, Files(temp, "raw"));
        Assert.All(first, f => Assert.Matches("^raw/Region=Europe/StoreNo=1/invoiceprocess_date=2018-12-17/[0-9a-f]{16}-000000000[01].json$", f));
    }

    [Theory]
    [InlineData("../../etc", "..%2F..%2Fetc")]
    [InlineData("..", "%2E%2E")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("100%", "100%25")]
    [InlineData("nul\0x", "nul%00x")]
    [InlineData("k=v:w", "k%3Dv%3Aw")]
    [InlineData("", "__HIVE_DEFAULT_PARTITION__")]
    public async Task Field_values_are_escaped_as_hive_partition_values_and_stay_under_raw(string region, string expected)
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions());

        using var response = await InvokeAsync(handler, Event(("1", Retail(region, "5"))));

        Assert.Equal(0, response.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        var file = Assert.Single(Files(temp, "raw"));
        Assert.Equal($"raw/Region={expected}/StoreNo=5/invoiceprocess_date=2018-12-17/shardId-000000000006-1.jsonl", file);
        Assert.Single(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_1_KB_value_is_cut_to_a_valid_segment_and_missing_fields_use_the_default_partition()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions());

        using var response = await InvokeAsync(handler, Event(("1", Retail(new string('r', 1024), "5")), ("2", """{"other":1}""")));

        Assert.Equal(0, response.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        var files = Files(temp, "raw");
        Assert.Equal(2, files.Count);
        Assert.Contains("raw/Region=__HIVE_DEFAULT_PARTITION__/StoreNo=__HIVE_DEFAULT_PARTITION__/invoiceprocess_date=2018-12-17/shardId-000000000006-2.jsonl", files);
        var longOne = files.Single(f => f.Contains("rrrr", StringComparison.Ordinal));
        Assert.All(longOne.Split('/'), segment => Assert.InRange(segment.Length, 1, 255));
        Assert.Matches("^raw/Region=r{100}~[0-9a-f]{16}/StoreNo=5/", longOne);
    }

    [Fact]
    public async Task Records_the_delivery_stream_keeps_refusing_are_reported_as_failures()
    {
        using var temp = new TempDirectory();
        var delivery = new RecordingDeliveryStream { RefuseMarker = "Refused" };
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), delivery, new ProcessOptions { DeliveryRetries = 1 });

        using var response = await InvokeAsync(handler, Event(("1", Retail("A", "1")), ("2", Retail("Refused", "1")), ("3", Retail("B", "1"))));

        Assert.Equal("2", Assert.Single(response.RootElement.GetProperty("batchItemFailures").EnumerateArray()).GetProperty("itemIdentifier").GetString());
        Assert.Equal(2, delivery.Records.Count);
    }

    [Theory]
    [InlineData("{Region}")]
    [InlineData("/raw/{Region}/")]
    [InlineData("raw/{Region")]
    [InlineData("raw/{a..b}/")]
    public void Malformed_templates_are_refused(string template)
    {
        Assert.Throws<FormatException>(() => new RawKeyTemplate(template));
    }
}
