using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Records;
using Tributary.Storage;
using Tributary.TestSupport;
using Tributary.Transform;

namespace Tributary.Tests.Delivery;

public sealed class LocalFirehoseTests : IDisposable
{
    private const long Arrival = FirehoseFolder.Arrival;
    private readonly FirehoseFolder _folder = new("firehose");

    public void Dispose() => _folder.Dispose();

    private static ReadOnlyMemory<byte> Envelope(string record, long index, long arrival = Arrival, string source = "source/a.json") =>
        new RecordEnvelope(source, index, "shardId-000000000001", $"4959{index:D10}", arrival, Encoding.UTF8.GetBytes(record)).ToArray();

    [Fact]
    public async Task A_flush_stages_one_parquet_object_with_string_data_columns_metadata_and_schema_drift()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions());
        var results = await firehose.PutRecordBatchAsync(
        [
            Envelope("""{"RetailTxnData":{"InvoiceNo":42,"Region":"Europe ","LineItem":[{"StockCode":"0123","UnitPrice":12.5},{"StockCode":"9","UnitPrice":1}]}}""", 0, Arrival + 5000),
            Envelope("""{"RetailTxnData":{"InvoiceNo":43,"Region":null,"Paid":true,"Tags":[],"Extra":{"Note":"new column"}}}""", 1),
        ]);

        Assert.All(results, Assert.Null);
        Assert.Empty(await _folder.KeysAsync("staging/"));
        await firehose.FlushAsync();

        var key = Assert.Single(await _folder.KeysAsync("staging/"));
        Assert.Matches(@"^staging/2024/11/27/09/retail-1-2024-11-27-09-13-20-[0-9a-f]{32}\.parquet$", key);
        var path = _folder.Store.GetPath(key);
        Assert.Equal(
            [
                ("RetailTxnData_InvoiceNo", "VARCHAR"), ("RetailTxnData_Region", "VARCHAR"), ("RetailTxnData_LineItem_StockCode", "VARCHAR"),
                ("RetailTxnData_LineItem_UnitPrice", "VARCHAR"), ("RetailTxnData_Paid", "VARCHAR"), ("RetailTxnData_Tags", "VARCHAR"),
                ("RetailTxnData_Extra_Note", "VARCHAR"),
                ("_source_file", "VARCHAR"), ("_source_record", "BIGINT"), ("_row", "INTEGER"), ("_shard", "VARCHAR"),
                ("_sequence_number", "VARCHAR"), ("_arrival_time", "TIMESTAMP WITH TIME ZONE"),
            ],
            DuckDbParquet.Describe(path));
        var rows = DuckDbParquet.Query(
            $"SELECT RetailTxnData_InvoiceNo, RetailTxnData_Region, RetailTxnData_LineItem_StockCode, RetailTxnData_LineItem_UnitPrice, " +
            $"RetailTxnData_Paid, RetailTxnData_Tags, RetailTxnData_Extra_Note, _source_file, _source_record, _row, _shard, _sequence_number, " +
            $"epoch_ms(_arrival_time) FROM read_parquet('{path}')");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["42", "Europe ", "0123", "12.5", null, null, null, "source/a.json", 0L, 0, "shardId-000000000001", "49590000000000", Arrival + 5000], rows[0]);
        Assert.Equal(["42", "Europe ", "9", "1", null, null, null, "source/a.json", 0L, 1, "shardId-000000000001", "49590000000000", Arrival + 5000], rows[1]);
        // flatsplode leaves a nested empty list as it is when nothing else explodes: it is staged as JSON text.
        Assert.Equal(["43", null, null, null, "true", "[]", "new column", "source/a.json", 1L, 0, "shardId-000000000001", "49590000000001", Arrival], rows[2]);
        Assert.Equal(new DeliveryStatistics(2, firehose.Statistics.BytesReceived, 2, 0, 0, 3, 1, 0, 1, 0), firehose.Statistics);
    }

    [Fact]
    public async Task A_replay_of_the_same_records_rewrites_the_same_staging_key()
    {
        var batch = new[] { Envelope("""{"a":1}""", 0), Envelope("""{"a":2}""", 1) };
        await using (var first = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions()))
        {
            await first.PutRecordBatchAsync(batch);
        }

        var written = await _folder.KeysAsync("staging/");
        await using (var replay = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions()))
        {
            await replay.PutRecordBatchAsync(batch);
        }

        Assert.Equal(written, await _folder.KeysAsync("staging/"));
        Assert.Single(written);
    }

    [Fact]
    public async Task Different_content_gets_a_different_key()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(intervalSeconds: 0), new TransformOptions());

        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0)]);
        await firehose.PutRecordBatchAsync([Envelope("""{"a":2}""", 1)]);

        Assert.Equal(2, (await _folder.KeysAsync("staging/")).Count);
    }

    [Fact]
    public async Task Zero_interval_delivers_at_once_and_the_size_hint_delivers_without_a_flush()
    {
        await using (var unbuffered = new LocalFirehose(_folder.Store, FirehoseFolder.Options(intervalSeconds: 0), new TransformOptions()))
        {
            await unbuffered.PutRecordBatchAsync([Envelope("""{"a":1}""", 0)]);
            Assert.Single(await _folder.KeysAsync("staging/"));
        }

        var options = FirehoseFolder.Options();
        options.StagingPrefix = "sized/";
        options.BufferSizeInMBs = 1;
        await using var sized = new LocalFirehose(_folder.Store, options, new TransformOptions());
        var record = $$"""{"text":"{{new string('x', 100_000)}}"}""";
        for (var i = 0; i < 10; i++)
        {
            await sized.PutRecordBatchAsync([Envelope(record, i)]);
        }

        Assert.Empty(await _folder.KeysAsync("sized/"));
        await sized.PutRecordBatchAsync([Envelope(record, 10), Envelope(record, 11)]);

        // The full buffer is staged in the background, while the next one fills.
        for (var wait = 0; wait < 300 && sized.Statistics.RecordsDelivered < 12; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Single(await _folder.KeysAsync("sized/"));
        Assert.Equal(12, sized.Statistics.RecordsDelivered);
    }

    [Fact]
    public async Task The_interval_hint_delivers_a_buffer_nobody_flushes()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(intervalSeconds: 1), new TransformOptions());
        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0)]);

        for (var wait = 0; wait < 300 && (await _folder.KeysAsync("staging/")).Count == 0; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Single(await _folder.KeysAsync("staging/"));
    }

    [Fact]
    public async Task A_failed_invocation_is_retried_and_then_succeeds()
    {
        var transform = new ScriptedTransform(failures: 2);
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), transform);

        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0)]);
        await firehose.FlushAsync();

        Assert.Equal(3, transform.Invocations);
        Assert.Single(await _folder.KeysAsync("staging/"));
        Assert.Empty(await _folder.KeysAsync("processing-failed/"));
        Assert.Equal(2, firehose.Statistics.FailedInvocations);
    }

    [Fact]
    public async Task An_invocation_that_keeps_failing_sends_its_records_to_the_error_prefix_as_firehose_does()
    {
        var transform = new ScriptedTransform(failures: int.MaxValue);
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), transform);
        var record = Envelope("""{"a":1}""", 0);

        await firehose.PutRecordBatchAsync([record, Envelope("""{"a":2}""", 1)]);
        await firehose.FlushAsync();

        Assert.Equal(3, transform.Invocations);
        Assert.Empty(await _folder.KeysAsync("staging/"));
        var key = Assert.Single(await _folder.KeysAsync("processing-failed/"));
        Assert.Matches(@"^processing-failed/\d{4}/\d{2}/\d{2}/\d{2}/retail-1-[0-9-]{19}-[0-9a-f]{32}$", key);
        var lines = await ReadLinesAsync(key);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var error = first.RootElement;
        Assert.Equal(3, error.GetProperty("attemptsMade").GetInt32());
        Assert.Equal("Lambda.FunctionError", error.GetProperty("errorCode").GetString());
        Assert.Contains("Task timed out", error.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(record.ToArray(), error.GetProperty("rawData").GetBytesFromBase64());
        Assert.True(error.GetProperty("attemptEndingTimestamp").GetInt64() >= error.GetProperty("arrivalTimestamp").GetInt64());
        Assert.Equal(2, firehose.Statistics.RecordsFailed);
    }

    [Fact]
    public async Task A_response_with_wrong_record_ids_counts_as_a_failed_invocation()
    {
        var transform = new ScriptedTransform(
            failures: 1,
            misbehave: e => new FirehoseTransformationResponse
            {
                Records = [new FirehoseTransformationResult { RecordId = "someone-else", Result = TransformResult.Ok }],
            });
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), transform);

        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0)]);
        await firehose.FlushAsync();

        Assert.Equal(2, transform.Invocations);
        Assert.Single(await _folder.KeysAsync("staging/"));
    }

    [Fact]
    public async Task Records_the_transform_fails_go_to_the_error_prefix_with_the_reason_and_the_rest_is_staged()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions());
        var broken = Encoding.UTF8.GetBytes("""{"tributary":1,"source":"source/b.json","index":4,"record":[1,2]}""");

        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0), broken]);
        await firehose.FlushAsync();

        Assert.Single(await _folder.KeysAsync("staging/"));
        var line = Assert.Single(await ReadLinesAsync(Assert.Single(await _folder.KeysAsync("processing-failed/"))));
        using var error = JsonDocument.Parse(line);
        Assert.Equal(TransformErrorCodes.NotAnObject, error.RootElement.GetProperty("errorCode").GetString());
        Assert.Contains("source/b.json, record #4", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, error.RootElement.GetProperty("attemptsMade").GetInt32());
        Assert.Equal(broken, error.RootElement.GetProperty("rawData").GetBytesFromBase64());
        Assert.Equal(1, firehose.Statistics.RecordsDelivered);
        Assert.Equal(1, firehose.Statistics.RecordsFailed);
    }

    [Fact]
    public async Task An_oversized_response_is_split_into_more_invocations_instead_of_failing()
    {
        var transform = new TransformHandler(new TransformOptions { MaxResponseBytes = 4096 });
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), transform);
        var record = $$"""{"text":"{{new string('x', 700)}}","items":[1,2]}""";

        await firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 20).Select(i => Envelope(record, i))]);
        await firehose.FlushAsync();

        Assert.Empty(await _folder.KeysAsync("processing-failed/"));
        Assert.Equal(20, firehose.Statistics.RecordsDelivered);
        Assert.Equal(40, firehose.Statistics.RowsWritten);
        Assert.True(firehose.Statistics.Invocations > 1);
        var path = _folder.Store.GetPath(Assert.Single(await _folder.KeysAsync("staging/")));
        Assert.Equal(40L, DuckDbParquet.Query($"SELECT count(*) FROM read_parquet('{path}')")[0][0]);
    }

    [Fact]
    public async Task Put_limits_are_enforced_as_firehose_enforces_them()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 501).Select(i => Envelope("{}", i))]));
        var results = await firehose.PutRecordBatchAsync([Envelope("{}", 0), new byte[LocalFirehose.MaxRecordBytes + 1]]);

        Assert.Null(results[0]);
        Assert.Contains("1,000 KiB", results[1], StringComparison.Ordinal);
        Assert.Equal(1, firehose.Statistics.RecordsReceived);
    }

    [Fact]
    public async Task Disposing_delivers_what_is_buffered()
    {
        var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions());
        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0)]);

        await firehose.DisposeAsync();

        Assert.Single(await _folder.KeysAsync("staging/"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => firehose.FlushAsync());
    }

    [Fact]
    public async Task A_staging_write_that_fails_keeps_the_records_buffered_until_it_succeeds()
    {
        var flaky = new FlakyObjectStore(_folder.Store) { FailWrites = true };
        await using var firehose = new LocalFirehose(flaky, FirehoseFolder.Options(), new TransformOptions());
        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 0), Envelope("""{"a":2}""", 1)]);

        var error = await Assert.ThrowsAsync<IOException>(() => firehose.FlushAsync());

        Assert.Contains("No space left", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, firehose.Statistics.RecordsBuffered);
        flaky.FailWrites = false;
        await firehose.FlushAsync();
        Assert.Equal(0, firehose.Statistics.RecordsBuffered);
        Assert.Equal(2, firehose.Statistics.RecordsDelivered);
        Assert.Single(await _folder.KeysAsync("staging/"));
    }

    [Fact]
    public async Task A_staging_object_that_fails_part_way_is_not_published()
    {
        var flaky = new FlakyObjectStore(_folder.Store) { FailStreamsAfterBytes = 100 };
        await using var firehose = new LocalFirehose(flaky, FirehoseFolder.Options(), new TransformOptions());
        await firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 50).Select(i => Envelope($$"""{"a":{{i}},"b":"{{new string('y', 40)}}"}""", i))]);

        // The native writer wraps the stream's IOException in its own exception, keeping the message.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => firehose.FlushAsync());

        Assert.Contains("No space left", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _folder.KeysAsync("staging/"));
        Assert.DoesNotContain(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories), f => f.Contains("staging", StringComparison.Ordinal));
        Assert.Equal(50, firehose.Statistics.RecordsBuffered);

        flaky.FailStreamsAfterBytes = null;
        await firehose.FlushAsync();
        var key = Assert.Single(await _folder.KeysAsync("staging/"));
        Assert.Equal(50L, DuckDbParquet.Query($"SELECT count(*) FROM read_parquet('{Path.Combine(_folder.Path, key)}')")[0][0]);
    }

    [Fact]
    public async Task A_background_staging_that_fails_puts_its_records_back_and_the_next_call_reports_it()
    {
        var flaky = new FlakyObjectStore(_folder.Store) { FailWrites = true };
        var options = FirehoseFolder.Options();
        options.BufferSizeInMBs = 1;
        await using var firehose = new LocalFirehose(flaky, options, new TransformOptions());
        var record = $$"""{"text":"{{new string('x', 100_000)}}"}""";

        // One put fills the buffer and hands it to a delivery in the background, which fails: a later put hears of it
        // and is refused, and the records go back in the buffer. (With one put per record, the delivery could fail
        // before the last record's put, which would then be the one refused.)
        await firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 12).Select(i => Envelope(record, i))]);
        Exception? error = null;
        for (var wait = 0; wait < 300 && error is null; wait++)
        {
            await Task.Delay(100);
            error = await Record.ExceptionAsync(() => firehose.PutRecordBatchAsync([]));
        }

        Assert.Contains("No space left", Assert.IsType<IOException>(error).Message, StringComparison.Ordinal);
        Assert.Equal(12, firehose.Statistics.RecordsBuffered);
        Assert.Empty(await _folder.KeysAsync("staging/"));

        flaky.FailWrites = false;
        await firehose.PutRecordBatchAsync([Envelope("""{"a":1}""", 12)]);
        await firehose.FlushAsync();
        Assert.Equal(13, firehose.Statistics.RecordsDelivered);
        var key = Assert.Single(await _folder.KeysAsync("staging/"));
        var path = Path.Combine(_folder.Path, key);
        Assert.Equal(
            Enumerable.Range(0, 13).Select(i => (object?)(long)i),
            DuckDbParquet.Query($"SELECT _source_record FROM read_parquet('{path}')").Select(row => row[0]));
    }

    private async Task<string[]> ReadLinesAsync(string key)
    {
        await using var stream = await _folder.Store.OpenReadAsync(key);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
