using System.Text;
using System.Text.Json;
using Tributary.Delivery;
using Tributary.Records;
using Tributary.Transform;

namespace Tributary.Tests.Delivery;

/// <summary>
/// Records whose rows could not be staged (a column name that decodes to a metadata column's, a string that is not
/// valid Unicode, an arrival time out of range): each fails alone, with a reason naming it, and the records around it
/// are staged. The in-process and the remote (JSON) transform paths must agree.
/// </summary>
public sealed class StagingRecordFailureTests : IDisposable
{
    private const long Arrival = FirehoseFolder.Arrival;
    private readonly FirehoseFolder _folder = new("record-failures");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string> BadRecords => new()
    {
        // record JSON, expected error code, text the reason must contain
        { """{"\u005frow":1}""", TransformErrorCodes.InvalidColumnName, "'_row'" },
        { """{"\u005f\u0073ource_file":"x"}""", TransformErrorCodes.InvalidColumnName, "'_source_file'" },
        { """{"_arrival\u005ftime":"x"}""", TransformErrorCodes.InvalidColumnName, "'_arrival_time'" },
        { """{"":{"sequence_number":"x"}}""", TransformErrorCodes.InvalidColumnName, "'_sequence_number'" },
        { """{"v":"lone \ud800 high"}""", TransformErrorCodes.InvalidJson, "'v'" },
        { """{"v":["\udc00"]}""", TransformErrorCodes.InvalidJson, "'v'" },
        { """{"k\ud800":1}""", TransformErrorCodes.InvalidJson, "not valid Unicode" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_bad_record_fails_alone_in_process_and_through_json_with_the_same_reason(string bad, string code, string reason)
    {
        var bytes = Envelope(1, bad);
        var staged = await FailsAloneBothWaysAsync(bytes, code, reason);

        Assert.Equal(2, staged.Statistics.RecordsDelivered);
        var message = staged.Error.GetProperty("errorMessage").GetString()!;
        Assert.StartsWith("Record 00000000000000000002: ", message, StringComparison.Ordinal);
        Assert.Contains("(source source/a.json, record #1)", message, StringComparison.Ordinal);
        Assert.Equal(bytes, staged.Error.GetProperty("rawData").GetBytesFromBase64());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue / 1000 - 1)]
    public async Task An_arrival_time_out_of_range_fails_alone_in_process_and_through_json(long arrival)
    {
        var bad = new RecordEnvelope("source/a.json", 1, "shardId-000000000001", "2", arrival, "{\"x\":\"b\"}"u8.ToArray()).ToArray();
        await FailsAloneBothWaysAsync(bad, TransformErrorCodes.InvalidEnvelope, $"arrival time {arrival} is out of range");
    }

    [Fact]
    public async Task A_lone_surrogate_in_the_envelope_fails_that_record_alone_in_process_and_through_json()
    {
        var bad = Encoding.UTF8.GetBytes(
            """{"tributary":1,"source":"source/\ud800.json","index":1,"shard":"shardId-000000000001","sequence":"2","arrival":1732698800123,"record":{"x":"b"}}""");
        await FailsAloneBothWaysAsync(bad, TransformErrorCodes.InvalidJson, "'source'");
    }

    [Theory]
    [InlineData("{\"x\":\"b\",\"\\u005frow\":\"7\",{0}}", TransformErrorCodes.InvalidColumnName, "decodes to '_row'")]
    [InlineData("{\"x\":\"b\",\"\\u005f\\u0073hard\":\"s\",{0}}", TransformErrorCodes.InvalidColumnName, "decodes to '_shard'")]
    [InlineData("{\"x\":\"b\",\"\":1,{0}}", TransformErrorCodes.InvalidColumnName, "empty name")]
    [InlineData("{\"x\":\"b\",{0}}\n{\"x\":\"lone \\ud800\",{0}}", TransformErrorCodes.InvalidJson, "Row 2 of its transformed data cannot be staged: the value of 'x'")]
    [InlineData("{\"x\":\"b\",{0}}\n{\"x\":\"b\"", TransformErrorCodes.InvalidJson, "Row 2 of its transformed data")]
    [InlineData("[\"b\"]", TransformErrorCodes.NotAnObject, "not a JSON object")]
    [InlineData("{\"x\":\"b\"} {\"x\":1}", TransformErrorCodes.InvalidJson, "Row 1")]
    [InlineData("{\"x\":\"b\",\"_source_file\":7}", TransformErrorCodes.InvalidJson, "'_source_file' must be a string or null")]
    [InlineData("{\"x\":\"b\",\"_row\":\"0\"}", TransformErrorCodes.InvalidJson, "'_row' must be an integer or null")]
    [InlineData("{\"x\":\"b\",\"_row\":4294967296}", TransformErrorCodes.InvalidJson, "out of range for an int32")]
    [InlineData("{\"x\":\"b\",\"_arrival_time\":9223372036854775807}", TransformErrorCodes.InvalidEnvelope, "arrival time 9223372036854775807 is out of range")]
    public async Task A_remote_transform_row_that_cannot_be_staged_fails_its_record_alone(string rows, string code, string reason)
    {
        // The remote transform answers with the record's own bytes as its rows: the test writes what it returns.
        var metadata = "\"_source_file\":\"source/a.json\",\"_source_record\":1,\"_row\":0,\"_shard\":null,\"_sequence_number\":null,\"_arrival_time\":1732698800124";
        byte[] Row(int index, string x) => Encoding.UTF8.GetBytes(
            $"{{\"x\":\"{x}\",\"_source_file\":\"source/a.json\",\"_source_record\":{index},\"_row\":0,\"_shard\":null,\"_sequence_number\":null,\"_arrival_time\":{Arrival + index}}}\n");
        byte[][] records = [Row(0, "a"), Encoding.UTF8.GetBytes(rows.Replace("{0}", metadata, StringComparison.Ordinal)), Row(2, "c")];

        var staged = await StageAsync("echo/", new EchoTransform(), records);

        Assert.Equal(2, staged.Statistics.RecordsDelivered);
        Assert.Equal(1, staged.Statistics.RecordsFailed);
        Assert.Equal(2, staged.Statistics.RowsWritten);
        Assert.Equal([[0L, "a"], [2L, "c"]], staged.Rows);
        Assert.Equal(["x", .. Tributary.Staging.StagingColumns.All], staged.Columns);
        Assert.Equal(code, staged.Error.GetProperty("errorCode").GetString());
        var message = staged.Error.GetProperty("errorMessage").GetString()!;
        Assert.StartsWith("Record 00000000000000000002: ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Equal(records[1], staged.Error.GetProperty("rawData").GetBytesFromBase64());
    }

    /// <summary>
    /// Stages <paramref name="bad"/> between two good records in process and through JSON rows: the good ones are
    /// staged, the bad one alone fails with the code and a message containing the reason, byte for byte the same both
    /// ways. Returns the in-process outcome.
    /// </summary>
    private async Task<Staged> FailsAloneBothWaysAsync(byte[] bad, string code, string reason)
    {
        var records = Around(bad);
        var direct = await StageAsync("direct/", new TransformHandler(), records);
        var json = await StageAsync("json/", new JsonRoundTripTransform(new TransformHandler()), records);

        foreach (var staged in new[] { direct, json })
        {
            Assert.Equal(1, staged.Statistics.RecordsFailed);
            Assert.Equal([[0L, "a"], [2L, "c"]], staged.Rows);
            Assert.Equal(code, staged.Error.GetProperty("errorCode").GetString());
            Assert.Contains(reason, staged.Error.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(json.ErrorLine, direct.ErrorLine);
        return direct;
    }

    private static byte[][] Around(byte[] bad) => [Envelope(0, """{"x":"a"}"""), bad, Envelope(2, """{"x":"c"}""")];

    private static byte[] Envelope(int index, string record) =>
        new RecordEnvelope("source/a.json", index, "shardId-000000000001", (index + 1).ToString("D20"), Arrival + index, Encoding.UTF8.GetBytes(record)).ToArray();

    private async Task<Staged> StageAsync(string prefix, ITransformFunction transform, IReadOnlyList<byte[]> records)
    {
        var options = FirehoseFolder.Options();
        options.StagingPrefix = prefix + "staging/";
        options.ErrorOutputPrefix = prefix + "processing-failed/";
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(Arrival + 60_000));
        DeliveryStatistics statistics;
        await using (var firehose = new LocalFirehose(_folder.Store, options, transform, clock))
        {
            var results = await firehose.PutRecordBatchAsync([.. records.Select(r => (ReadOnlyMemory<byte>)r)]);
            Assert.All(results, Assert.Null);
            await firehose.FlushAsync();
            statistics = firehose.Statistics;
        }

        var path = _folder.Store.GetPath(Assert.Single(await _folder.KeysAsync(prefix + "staging/")));
        var columns = DuckDbParquet.Describe(path).Select(c => c.Name).ToList();
        Assert.Equal(columns.Distinct(StringComparer.Ordinal).Count(), columns.Count);
        var rows = DuckDbParquet.Query($"SELECT _source_record, x FROM read_parquet('{path}') ORDER BY _source_record");
        var errorLine = (await File.ReadAllTextAsync(_folder.Store.GetPath(Assert.Single(await _folder.KeysAsync(prefix + "processing-failed/"))))).TrimEnd('\n');
        Assert.DoesNotContain('\n', errorLine);
        using var error = JsonDocument.Parse(errorLine);
        return new Staged(statistics, rows, error.RootElement.Clone(), errorLine, columns);
    }

    /// <summary>A remote transform that answers every record Ok with the record's own bytes as its rows.</summary>
    private sealed class EchoTransform : ITransformFunction
    {
        public Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FirehoseTransformationResponse
            {
                Records = [.. transformationEvent.Records.Select(r => new FirehoseTransformationResult { RecordId = r.RecordId, Result = TransformResult.Ok, Data = r.Data })],
            });
    }

    private sealed record Staged(DeliveryStatistics Statistics, IReadOnlyList<object?[]> Rows, JsonElement Error, string ErrorLine, IReadOnlyList<string> Columns);
}
