using System.Text;
using DuckDB.NET.Data;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Records;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Delivery;

/// <summary>Delivery exactly once per stream position: within one delivery stream and, with the journal, across crashes.</summary>
public sealed class LocalFirehoseJournalTests : IDisposable
{
    private const long Arrival = FirehoseFolder.Arrival;
    private readonly FirehoseFolder _folder = new("firehose-journal");

    private string JournalPath => _folder.Combine("_state", "delivery", "retail.journal");

    public void Dispose() => _folder.Dispose();

    private static DeliverOptions Options() => FirehoseFolder.Options(retries: 0);

    private static ReadOnlyMemory<byte> Envelope(long sequence, string shard = "shardId-000000000000") =>
        new RecordEnvelope("source/a.json", sequence, shard, sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture), Arrival, Encoding.UTF8.GetBytes($$"""{"n":{{sequence}},"shard":"{{shard}}"}""")).ToArray();

    private static ReadOnlyMemory<byte>[] Envelopes(long from, int count, string shard = "shardId-000000000000") =>
        [.. Enumerable.Range(0, count).Select(i => Envelope(from + i, shard))];

    private (long Rows, long Distinct) StagedRows()
    {
        if (!Directory.Exists(_folder.Combine("staging")))
        {
            return (0, 0);
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(DISTINCT (_shard, _sequence_number)) FROM read_parquet('{_folder.Path}/staging/**/*.parquet', union_by_name = true)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task A_record_put_again_at_the_same_stream_position_is_acknowledged_and_not_delivered_twice()
    {
        await using (var firehose = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            Assert.All(await firehose.PutRecordBatchAsync(Envelopes(1, 10)), Assert.Null);
            Assert.All(await firehose.PutRecordBatchAsync(Envelopes(5, 10)), Assert.Null);
            await firehose.FlushAsync();
            Assert.All(await firehose.PutRecordBatchAsync(Envelopes(1, 3)), Assert.Null);

            // The same sequence numbers on another shard are other records.
            await firehose.PutRecordBatchAsync(Envelopes(1, 2, "shardId-000000000001"));
            await firehose.FlushAsync();
            Assert.Equal(16, firehose.Statistics.RecordsReceived);
            Assert.Equal(9, firehose.Statistics.RecordsAlreadyDelivered);
        }

        Assert.Equal((16, 16), StagedRows());
    }

    [Fact]
    public async Task Records_without_a_stream_position_are_delivered_every_time()
    {
        await using (var firehose = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            var bare = Encoding.UTF8.GetBytes("""{"a":1}""");
            await firehose.PutRecordBatchAsync([bare, bare]);
            await firehose.FlushAsync();
            Assert.Equal(2, firehose.Statistics.RecordsDelivered);
            Assert.Equal(0, firehose.Statistics.RecordsAlreadyDelivered);
        }
    }

    [Fact]
    public async Task After_a_crash_the_journal_skips_replayed_records_already_staged()
    {
        var first = new LocalFirehose(_folder.Store, Options(), new TransformOptions());
        Assert.Equal(0, await first.OpenJournalAsync(JournalPath, flushToDisk: false));
        await first.PutRecordBatchAsync(Envelopes(1, 100));
        await first.PutRecordBatchAsync(Envelopes(1, 50, "shardId-000000000001"));
        await first.FlushAsync();

        // Buffered, not staged, when the process dies: these must come again.
        await first.PutRecordBatchAsync(Envelopes(101, 20));
        await AbandonAsync(first);
        Assert.Equal((150, 150), StagedRows());

        await using (var second = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            Assert.Equal(150, await second.OpenJournalAsync(JournalPath, flushToDisk: false));

            // The stream replays everything after the last checkpoint, in batches cut differently.
            await second.PutRecordBatchAsync(Envelopes(1, 60, "shardId-000000000001"));
            await second.PutRecordBatchAsync(Envelopes(1, 130));
            await second.FlushAsync();
            Assert.Equal(150, second.Statistics.RecordsAlreadyDelivered);
            Assert.Equal(40, second.Statistics.RecordsReceived);
        }

        Assert.Equal((190, 190), StagedRows());
    }

    [Fact]
    public async Task A_journal_line_whose_object_was_never_written_does_not_count_as_delivered()
    {
        var first = new LocalFirehose(_folder.Store, Options(), new TransformOptions());
        await first.OpenJournalAsync(JournalPath, flushToDisk: false);
        await first.PutRecordBatchAsync(Envelopes(1, 10));
        await first.FlushAsync();
        await AbandonAsync(first);

        // The crash came after the journal line and before the object's rename.
        var staged = Assert.Single(await _folder.KeysAsync("staging/"));
        await _folder.Store.DeleteAsync(staged);

        await using (var second = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            Assert.Equal(0, await second.OpenJournalAsync(JournalPath, flushToDisk: false));
            await second.PutRecordBatchAsync(Envelopes(1, 10));
        }

        Assert.Equal((10, 10), StagedRows());
    }

    [Fact]
    public async Task Records_sent_to_the_error_prefix_count_as_delivered()
    {
        var first = new LocalFirehose(_folder.Store, Options(), new ScriptedTransform(failures: int.MaxValue));
        await first.OpenJournalAsync(JournalPath, flushToDisk: false);
        await first.PutRecordBatchAsync(Envelopes(1, 5));
        await first.FlushAsync();
        await AbandonAsync(first);
        Assert.Single(await _folder.KeysAsync("processing-failed/"));

        await using (var second = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            Assert.Equal(5, await second.OpenJournalAsync(JournalPath, flushToDisk: false));
            await second.PutRecordBatchAsync(Envelopes(1, 5));
            await second.FlushAsync();
            Assert.Equal(0, second.Statistics.RecordsReceived);
        }

        Assert.Empty(await _folder.KeysAsync("staging/"));
        Assert.Single(await _folder.KeysAsync("processing-failed/"));
    }

    [Fact]
    public async Task An_object_announced_twice_counts_its_records_once()
    {
        await using (var first = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            await first.OpenJournalAsync(JournalPath, flushToDisk: false);
            await first.PutRecordBatchAsync(Envelopes(1, 10));
            await first.FlushAsync();
        }

        // A crash between a line and its object, then a replay that writes the same object: the line is there twice.
        await File.AppendAllTextAsync(JournalPath, await File.ReadAllTextAsync(JournalPath));

        await using var second = new LocalFirehose(_folder.Store, Options(), new TransformOptions());
        Assert.Equal(10, await second.OpenJournalAsync(JournalPath, flushToDisk: false));
    }

    [Fact]
    public async Task A_torn_last_line_is_cut_off_and_forgetting_empties_the_journal()
    {
        await using (var first = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            await first.OpenJournalAsync(JournalPath, flushToDisk: false);
            await first.PutRecordBatchAsync(Envelopes(1, 10));
            await first.FlushAsync();
        }

        var whole = new FileInfo(JournalPath).Length;
        Assert.True(whole > 0);
        await File.AppendAllTextAsync(JournalPath, """{"key":"staging/x.parquet","records":{"shardId-0000""");

        await using (var second = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            Assert.Equal(10, await second.OpenJournalAsync(JournalPath, flushToDisk: false));
            Assert.Equal(whole, new FileInfo(JournalPath).Length);
            await second.ForgetDeliveredAsync();
            Assert.Equal(0, new FileInfo(JournalPath).Length);
        }

        await using (var third = new LocalFirehose(_folder.Store, Options(), new TransformOptions()))
        {
            Assert.Equal(0, await third.OpenJournalAsync(JournalPath, flushToDisk: false));
        }
    }

    /// <summary>
    /// Stands for a killed process, which neither delivers its buffer nor closes its files: the instance is left as
    /// it is (its interval timer does not deliver within the 900 s hint).
    /// </summary>
    private static Task AbandonAsync(LocalFirehose firehose)
    {
        GC.KeepAlive(firehose);
        return Task.CompletedTask;
    }
}
