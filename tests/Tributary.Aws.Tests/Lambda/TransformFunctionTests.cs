using System.Text;
using System.Text.Json;
using Tributary.Aws.Lambda;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Configuration;

namespace Tributary.Aws.Tests.Lambda;

public sealed class TransformFunctionTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task FirehoseEvent_WithBothTimestampForms_FlattensEveryRecord()
    {
        var metrics = new StringWriter();
        var options = new TributaryOptions();
        using var clients = new AwsClientFactory(options.Aws);
        var function = new TransformFunction(new LambdaContext(options, clients, new EmfWriter(metrics, "Tributary")));
        var record = """{"tributary":1,"source":"source/a.json","index":4,"shard":"shardId-000000000001","sequence":"4959","arrival":1732700000123,"record":{"RetailTxnData":{"InvoiceNo":"I1","LineItem":[{"StockCode":"A"},{"StockCode":"B"}]}}}""";
        // The Lambda guide's sample uses an ISO string and an empty subsequence number; Powertools and the SDK fixtures use numbers.
        var input = $$$"""
            {"invocationId":"inv-1","deliveryStreamArn":"arn:aws:firehose:us-east-1:123456789012:deliverystream/tributary",
             "sourceKinesisStreamArn":"arn:aws:kinesis:us-east-1:123456789012:stream/tributary","region":"us-east-1",
             "records":[
               {"recordId":"r-numeric","approximateArrivalTimestamp":1507217624302,"data":"{{{Base64(record)}}}",
                "kinesisRecordMetadata":{"shardId":"shardId-000000000001","partitionKey":"EU/7","approximateArrivalTimestamp":1507217624302,"sequenceNumber":"4959","subsequenceNumber":123456}},
               {"recordId":"r-iso","approximateArrivalTimestamp":1507217624302,"data":"{{{Base64(record)}}}",
                "kinesisRecordMetadata":{"shardId":"shardId-000000000001","partitionKey":"EU/7","approximateArrivalTimestamp":"2012-04-23T18:25:43.511Z","sequenceNumber":"4959","subsequenceNumber":""}},
               {"recordId":"r-bad","approximateArrivalTimestamp":1507217624302,"data":"{{{Base64("[1,2")}}}"}
             ]}
            """;

        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)));

        using var response = await JsonDocument.ParseAsync(output);
        var results = response.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["r-numeric", "r-iso", "r-bad"], results.Select(r => r.GetProperty("recordId").GetString()));
        Assert.Equal(["Ok", "Ok", "ProcessingFailed"], results.Select(r => r.GetProperty("result").GetString()));
        var rows = Encoding.UTF8.GetString(results[1].GetProperty("data").GetBytesFromBase64()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.Contains("\"RetailTxnData_LineItem_StockCode\":\"B\"", rows[1], StringComparison.Ordinal);
        Assert.Contains("\"_source_record\":4", rows[0], StringComparison.Ordinal);

        using var emf = JsonDocument.Parse(metrics.ToString().Trim());
        Assert.Equal("transform", emf.RootElement.GetProperty("Stage").GetString());
        Assert.Equal(3, emf.RootElement.GetProperty("RecordsIn").GetDouble());
        Assert.Equal(2, emf.RootElement.GetProperty("RecordsOut").GetDouble());
        Assert.Equal(1, emf.RootElement.GetProperty("RecordsFailed").GetDouble());
    }
}
