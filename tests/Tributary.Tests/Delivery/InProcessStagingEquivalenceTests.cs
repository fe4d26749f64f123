using System.Text;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Records;
using Tributary.Transform;

namespace Tributary.Tests.Delivery;

/// <summary>
/// The in-process transform writes staging columns directly, without the JSON rows a remote transform returns: the
/// same records staged both ways must give the same Parquet schema and values, the same error output and the same
/// statistics.
/// </summary>
public sealed class InProcessStagingEquivalenceTests : IDisposable
{
    private const long Arrival = FirehoseFolder.Arrival;
    private readonly FirehoseFolder _folder = new("equivalence");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task In_process_and_json_staging_of_the_same_records_hold_the_same_rows_columns_and_errors()
    {
        var transformOptions = new TransformOptions { MaxDepth = 16, MaxRowsPerRecord = 50, MaxResponseBytes = 64 * 1024 };
        var records = Records();

        var direct = await StageAsync("direct/", new TransformHandler(transformOptions), records);
        var json = await StageAsync("json/", new JsonRoundTripTransform(new TransformHandler(transformOptions)), records);

        Assert.Equal(json.Statistics, direct.Statistics);
        Assert.True(direct.Statistics.Invocations > 4, $"{direct.Statistics.Invocations} invocations: the records should need several");
        Assert.True(direct.Statistics.RecordsFailed >= 9, $"{direct.Statistics.RecordsFailed} records failed");

        var directKey = Assert.Single(await _folder.KeysAsync("direct/staging/"));
        var jsonKey = Assert.Single(await _folder.KeysAsync("json/staging/"));
        // The same folder and time; the id part hashes the input records in process, the JSON rows otherwise.
        Assert.Equal(jsonKey["json/".Length..^".parquet".Length][..^32], directKey["direct/".Length..^".parquet".Length][..^32]);

        var directPath = _folder.Store.GetPath(directKey);
        var jsonPath = _folder.Store.GetPath(jsonKey);
        // One writer for both: the chunks the invocations filled and the chunk read from the JSON rows give the same file.
        Assert.Equal(await File.ReadAllBytesAsync(jsonPath), await File.ReadAllBytesAsync(directPath));
        var columns = DuckDbParquet.Describe(jsonPath);
        Assert.Equal(columns, DuckDbParquet.Describe(directPath));
        Assert.Contains(("late", "VARCHAR"), columns);
        Assert.Contains(("early_only", "VARCHAR"), columns);

        var expected = DuckDbParquet.Query($"SELECT * FROM read_parquet('{jsonPath}')");
        var actual = DuckDbParquet.Query($"SELECT * FROM read_parquet('{directPath}')");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(direct.Statistics.RowsWritten, actual.Count);
        for (var row = 0; row < expected.Count; row++)
        {
            Assert.Equal(expected[row], actual[row]);
        }

        // Spot checks that the values are the interesting ones (an equal pair of empty files would pass the above).
        var text = DuckDbParquet.Query($"SELECT s, k\u00e9y, n1, n3, nested_x, _source_file FROM read_parquet('{directPath}') WHERE s IS NOT NULL");
        Assert.Equal(["quote \" backslash \\ tab \t é 😀 /", "1", "1.50", "1e3", "[]", "source/é \"q\".json"], text[0]);
        Assert.Equal(30L * 4, DuckDbParquet.Query($"SELECT count(*) FROM read_parquet('{directPath}') WHERE id = '7'")[0][0]);
        Assert.Equal([null, null], DuckDbParquet.Query($"SELECT _source_file, _source_record FROM read_parquet('{directPath}') WHERE bare = 'true'")[0]);

        var directErrors = await _folder.KeysAsync("direct/processing-failed/");
        var jsonErrors = await _folder.KeysAsync("json/processing-failed/");
        Assert.Equal(jsonErrors.Select(k => k["json/".Length..]), directErrors.Select(k => k["direct/".Length..]));
        Assert.Equal(
            await File.ReadAllTextAsync(_folder.Store.GetPath(Assert.Single(jsonErrors))),
            await File.ReadAllTextAsync(_folder.Store.GetPath(Assert.Single(directErrors))));
        var errors = await File.ReadAllTextAsync(_folder.Store.GetPath(directErrors[0]));
        foreach (var code in new[]
        {
            TransformErrorCodes.NotAnObject, TransformErrorCodes.InvalidColumnName, TransformErrorCodes.InvalidJson, TransformErrorCodes.DepthExceeded,
            TransformErrorCodes.TooManyRows, TransformErrorCodes.InvalidEnvelope, TransformErrorCodes.RecordTooLarge,
        })
        {
            Assert.Contains($"\"errorCode\":\"{code}\"", errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_replay_of_the_same_records_in_process_rewrites_the_same_key_and_other_records_get_another()
    {
        var records = Records().Take(50).ToList();
        var first = await StageAsync("first/", new TransformHandler(), records);
        var replay = await StageAsync("replay/", new TransformHandler(), records);
        var other = await StageAsync("other/", new TransformHandler(), records.Skip(1).ToList());

        Assert.Equal(first.Statistics, replay.Statistics);
        var key = Assert.Single(await _folder.KeysAsync("first/staging/"))["first/".Length..];
        Assert.Equal(key, Assert.Single(await _folder.KeysAsync("replay/staging/"))["replay/".Length..]);
        Assert.NotEqual(key, Assert.Single(await _folder.KeysAsync("other/staging/"))["other/".Length..]);
        Assert.Equal(
            await File.ReadAllBytesAsync(_folder.Store.GetPath("first/" + key)),
            await File.ReadAllBytesAsync(_folder.Store.GetPath("replay/" + key)));
    }

    private async Task<(DeliveryStatistics Statistics, string Prefix)> StageAsync(string prefix, ITransformFunction transform, IReadOnlyList<byte[]> records)
    {
        var options = FirehoseFolder.Options();
        options.StagingPrefix = prefix + "staging/";
        options.ErrorOutputPrefix = prefix + "processing-failed/";
        options.ProcessorBufferSizeInMBs = 0.2;
        options.BufferSizeInMBs = 128;
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(Arrival + 60_000));
        await using var firehose = new LocalFirehose(_folder.Store, options, transform, clock);
        foreach (var batch in records.Chunk(LocalFirehose.MaxRecordsPerBatch))
        {
            var results = await firehose.PutRecordBatchAsync([.. batch.Select(r => (ReadOnlyMemory<byte>)r)]);
            Assert.All(results, Assert.Null);
        }

        await firehose.FlushAsync();
        return (firehose.Statistics, prefix);
    }

    private static List<byte[]> Records()
    {
        var records = new List<byte[]>();
        var sequence = 0L;
        byte[] Envelope(string record, string? source = "source/a.json", string? shard = "shardId-000000000001") =>
            new RecordEnvelope(source, records.Count, shard, shard is null ? null : (++sequence).ToString("D20"), Arrival + (records.Count % 7 * 1000), Encoding.UTF8.GetBytes(record)).ToArray();

        for (var i = 0; i < 1500; i++)
        {
            var early = i < 700 ? $",\"early_only\":\"e{i % 13}\"" : "";
            var late = i >= 1100 ? $",\"late\":{(i % 3 == 0 ? "null" : $"\"l{i}\"")}" : "";
            var list = i % 50 == 7 ? ",\"id\":7,\"items\":[{\"a\":1},{\"a\":2,\"b\":\"x\"}],\"tags\":[\"p\",\"q\"]" : "";
            records.Add(Envelope(
                $$"""{"RetailTxnData":{"InvoiceNo":{{i}},"Region":"{{(i % 4 == 0 ? "Europe " : "Asia")}}","StoreNo":{{i % 17}},"LineItem":{"StockCode":"0{{i}}","UnitPrice":{{i}}.50,"Quantity":{{i % 9}}},"Paid":{{(i % 2 == 0 ? "true" : "false")}},"Note":null}{{early}}{{late}}{{list}}}""",
                source: $"source/{i % 3}.json"));
        }

        records.Add(Envelope(
            """{"s":"quote \" backslash \\ tab \t \u00e9 \ud83d\ude00 \/","k\u00e9y":1,"n1":1.50,"n2":-0,"n3":1e3,"n4":12345678901234567890123,"nested":{"x":[]},"nothing":{},"zeros":[0,false,""],"a_b":1,"a":{"b":2}}""",
            source: "source/é \"q\".json"));
        records.Add(Encoding.UTF8.GetBytes("""{"bare":true,"v":"été 😀"}"""));
        records.Add(Envelope("""{"no":"stream position"}""", shard: null));
        records.Add(Encoding.UTF8.GetBytes("""{"tributary":1,"source":"source/b.json","index":4,"record":[1,2]}"""));
        records.Add(Envelope("""{"_row":1}"""));
        records.Add(Envelope("""{"":1}"""));
        records.Add(Encoding.UTF8.GetBytes("""{"broken": """));
        records.Add([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        records.Add(Envelope(string.Concat(Enumerable.Repeat("{\"d\":", 20)) + "1" + new string('}', 20)));
        records.Add(Envelope("""{"x":[1,2,3,4,5,6,7,8],"y":[1,2,3,4,5,6,7,8]}"""));
        records.Add(Encoding.UTF8.GetBytes("""{"tributary":2,"record":{}}"""));
        records.Add(Envelope($$"""{"text":"{{new string('y', 70_000)}}"}"""));
        for (var i = 0; i < 200; i++)
        {
            records.Add(Envelope($$"""{"RetailTxnData":{"InvoiceNo":{{i}},"Region":"tail"},"late":"t{{i}}"}""", source: "source/tail.json"));
        }

        return records;
    }
}
