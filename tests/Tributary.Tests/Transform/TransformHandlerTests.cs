using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Records;
using Tributary.Transform;

namespace Tributary.Tests.Transform;

public sealed class TransformHandlerTests
{
    private static byte[] Envelope(string record, string? source = "source/2024/a.json", long? index = 17) =>
        new RecordEnvelope(source, index, "shardId-000000000001", "49590000000000000000001", 1732700000123, Encoding.UTF8.GetBytes(record)).ToArray();

    private static FirehoseTransformationRecord Record(string id, byte[] data, long arrival = 1732700009999) =>
        new() { RecordId = id, Data = data, ApproximateArrivalTimestamp = arrival };

    private static FirehoseTransformationEvent Event(params FirehoseTransformationRecord[] records) => new()
    {
        InvocationId = "inv-1",
        DeliveryStreamArn = "arn:aws:firehose:local:000000000000:deliverystream/tributary",
        Region = "local",
        Records = records,
    };

    private static string[] Lines(FirehoseTransformationResult result) =>
        Encoding.UTF8.GetString(result.Data).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void An_enveloped_record_becomes_ndjson_rows_with_its_lineage()
    {
        var handler = new TransformHandler();
        var data = Envelope("""{"invoice":"I1","store":{"region":"EU ","no":7},"items":[{"sku":"A","qty":2},{"sku":"B","qty":1.5}]}""");

        var result = Assert.Single(handler.Handle(Event(Record("r1", data))).Records);

        Assert.Equal(TransformResult.Ok, result.Result);
        Assert.Equal("r1", result.RecordId);
        Assert.Equal(2, result.RowCount);
        Assert.Equal(
            [
                """{"invoice":"I1","store_region":"EU ","store_no":7,"items_sku":"A","items_qty":2,"_source_file":"source/2024/a.json","_source_record":17,"_row":0,"_shard":"shardId-000000000001","_sequence_number":"49590000000000000000001","_arrival_time":1732700000123}""",
                """{"invoice":"I1","store_region":"EU ","store_no":7,"items_sku":"B","items_qty":1.5,"_source_file":"source/2024/a.json","_source_record":17,"_row":1,"_shard":"shardId-000000000001","_sequence_number":"49590000000000000000001","_arrival_time":1732700000123}""",
            ],
            Lines(result));
    }

    [Fact]
    public void A_bare_object_takes_its_lineage_from_the_kinesis_metadata_and_the_firehose_arrival()
    {
        var handler = new TransformHandler();
        var record = Record("r1", Encoding.UTF8.GetBytes("""{"a":1}"""), arrival: 1000);
        record.KinesisRecordMetadata = new KinesisRecordMetadata { ShardId = "shardId-000000000004", SequenceNumber = "77" };

        var result = Assert.Single(handler.Handle(Event(record)).Records);

        Assert.Equal(
            """{"a":1,"_source_file":null,"_source_record":null,"_row":0,"_shard":"shardId-000000000004","_sequence_number":"77","_arrival_time":1000}""",
            Assert.Single(Lines(result)));
    }

    [Fact]
    public void Every_record_gets_exactly_one_result_in_order_and_failures_say_why()
    {
        var handler = new TransformHandler(new TransformOptions { MaxRowsPerRecord = 3 });
        var records = new[]
        {
            Record("ok", Envelope("""{"a":1}""")),
            Record("not-json", Encoding.UTF8.GetBytes("""{"a":""")),
            Record("scalar", Encoding.UTF8.GetBytes("42")),
            Record("enveloped-array", Envelope("[1,2]", index: 3)),
            Record("version-2", Encoding.UTF8.GetBytes("""{"tributary":2,"record":{}}""")),
            Record("no-record", Encoding.UTF8.GetBytes("""{"tributary":1,"source":"s"}""")),
            Record("too-deep", Envelope(new string('[', 100).Insert(0, "{\"a\":") + new string(']', 100) + "}")),
            Record("too-many-rows", Envelope("""{"a":[1,2],"b":[3,4]}""", index: 9)),
            Record("reserved", Envelope("""{"_row":5}""")),
            Record("empty-key", Envelope("""{"":5}""")),
            Record("bad-utf8", [(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        };

        var results = handler.Handle(Event(records)).Records;

        Assert.Equal(records.Select(r => r.RecordId), results.Select(r => r.RecordId));
        Assert.Equal(TransformResult.Ok, results[0].Result);
        var failures = results.Skip(1).ToDictionary(r => r.RecordId);
        Assert.All(failures.Values, r => Assert.Equal(TransformResult.ProcessingFailed, r.Result));
        Assert.All(failures.Values, r => Assert.StartsWith($"Record {r.RecordId}: ", r.ErrorMessage, StringComparison.Ordinal));
        Assert.Equal(TransformErrorCodes.InvalidJson, failures["not-json"].ErrorCode);
        Assert.Equal(TransformErrorCodes.NotAnObject, failures["scalar"].ErrorCode);
        Assert.Equal(TransformErrorCodes.NotAnObject, failures["enveloped-array"].ErrorCode);
        Assert.Contains("source/2024/a.json, record #3", failures["enveloped-array"].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(TransformErrorCodes.InvalidEnvelope, failures["version-2"].ErrorCode);
        Assert.Equal(TransformErrorCodes.InvalidEnvelope, failures["no-record"].ErrorCode);
        Assert.Equal(TransformErrorCodes.DepthExceeded, failures["too-deep"].ErrorCode);
        Assert.Equal(TransformErrorCodes.TooManyRows, failures["too-many-rows"].ErrorCode);
        Assert.Contains("record #9", failures["too-many-rows"].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(TransformErrorCodes.InvalidColumnName, failures["reserved"].ErrorCode);
        Assert.Equal(TransformErrorCodes.InvalidColumnName, failures["empty-key"].ErrorCode);
        Assert.Equal(TransformErrorCodes.InvalidJson, failures["bad-utf8"].ErrorCode);
        Assert.All(failures.Values, r => Assert.Empty(r.Data));
    }

    [Fact]
    public void Strict_mode_is_applied_from_the_options()
    {
        var handler = new TransformHandler(new TransformOptions { Mode = Tributary.Flatten.FlattenMode.Strict });

        var results = handler.Handle(Event(
            Record("zeros", Envelope("""{"z":[0,0]}""")),
            Record("collision", Envelope("""{"a_b":1,"a":{"b":2}}""")))).Records;

        Assert.Equal(2, results[0].RowCount);
        Assert.Equal(TransformErrorCodes.KeyCollision, results[1].ErrorCode);
    }

    [Fact]
    public void Records_that_do_not_fit_the_response_limit_are_failed_for_a_smaller_invocation()
    {
        var handler = new TransformHandler(new TransformOptions { MaxResponseBytes = 2048 });
        var medium = Envelope($$"""{"text":"{{new string('x', 400)}}"}""");
        var huge = Envelope($$"""{"text":"{{new string('y', 3000)}}"}""");

        var results = handler.Handle(Event(
            Record("1", medium), Record("2", huge), Record("3", medium), Record("4", medium), Record("5", medium))).Records;

        Assert.Equal(TransformResult.Ok, results[0].Result);
        Assert.Equal(TransformErrorCodes.RecordTooLarge, results[1].ErrorCode);
        Assert.Equal(TransformResult.Ok, results[2].Result);
        Assert.Equal(TransformErrorCodes.ResponseTooLarge, results[3].ErrorCode);
        Assert.Equal(TransformErrorCodes.ResponseTooLarge, results[4].ErrorCode);
    }

    [Fact]
    public async Task The_lambda_entry_point_reads_and_writes_the_firehose_json_contract()
    {
        var handler = new TransformHandler();
        var data = Convert.ToBase64String(Envelope("""{"a":{"b":[1,2]}}"""));
        var bare = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"x":true}"""));
        var json = $$"""
            {
              "invocationId": "inv-42",
              "deliveryStreamArn": "arn:aws:firehose:us-east-2:123456789012:deliverystream/retail",
              "sourceKinesisStreamArn": "arn:aws:kinesis:us-east-2:123456789012:stream/retail",
              "region": "us-east-2",
              "records": [
                { "recordId": "49546986683135544286507457936321625675700192471156785154",
                  "approximateArrivalTimestamp": 1507217624302, "data": "{{data}}" },
                { "recordId": "second", "approximateArrivalTimestamp": "2012-04-23T18:25:43.511Z", "data": "{{bare}}",
                  "kinesisRecordMetadata": { "shardId": "shardId-000000000000", "partitionKey": "4d1ad2b9-24f8-4b9d-a088-76e9947c317a",
                    "approximateArrivalTimestamp": "2012-04-23T18:25:43.511Z", "sequenceNumber": "49546986683135544286507457936321625675700192471156785154",
                    "subsequenceNumber": "" } }
              ]
            }
            """;
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
        using var output = new MemoryStream();

        await handler.HandleAsync(input, output);

        using var response = JsonDocument.Parse(output.ToArray());
        var results = response.RootElement.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        Assert.Equal("49546986683135544286507457936321625675700192471156785154", results[0].GetProperty("recordId").GetString());
        Assert.Equal("Ok", results[0].GetProperty("result").GetString());
        var rows = Encoding.UTF8.GetString(results[0].GetProperty("data").GetBytesFromBase64()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("""{"a_b":2,"_source_file":"source/2024/a.json","_source_record":17,"_row":1,""", rows[1], StringComparison.Ordinal);
        var second = Encoding.UTF8.GetString(results[1].GetProperty("data").GetBytesFromBase64());
        Assert.Contains("\"_arrival_time\":1335205543511", second, StringComparison.Ordinal);
        Assert.Contains("\"_shard\":\"shardId-000000000000\"", second, StringComparison.Ordinal);
        Assert.False(results[0].TryGetProperty("errorCode", out _));
    }
}
