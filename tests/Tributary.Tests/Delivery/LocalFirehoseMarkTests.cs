using System.Text;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Ports;
using Tributary.Records;

namespace Tributary.Tests.Delivery;

public sealed class LocalFirehoseMarkTests : IDisposable
{
    private readonly FirehoseFolder _folder = new("firehose-marks");

    public void Dispose() => _folder.Dispose();

    private static ReadOnlyMemory<byte> Envelope(long index, int padding = 0) =>
        new RecordEnvelope("source/a.json", index, "shardId-000000000001", $"4959{index:D10}", FirehoseFolder.Arrival, Encoding.UTF8.GetBytes($"{{\"n\":{index},\"pad\":\"{new string('x', padding)}\"}}")).ToArray();

    [Fact]
    public async Task A_mark_is_delivered_once_a_full_buffer_is_staged_and_not_before()
    {
        var options = FirehoseFolder.Options();
        options.BufferSizeInMBs = 1;
        await using var firehose = new LocalFirehose(_folder.Store, options, new TransformOptions());
        await firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 10).Select(i => Envelope(i))]);
        var mark = firehose.AcceptedMark;
        var delivered = firehose.WhenDeliveredAsync(mark, CancellationToken.None);

        // Buffered, not staged: the mark waits for the buffer to fill.
        Assert.Equal(10, mark);
        Assert.False(delivered.IsCompleted);
        Assert.Empty(await _folder.KeysAsync("staging/"));

        // The next puts fill the buffer past its size hint: it is delivered in the background, with the marked records.
        for (var batch = 0; !delivered.IsCompleted && batch < 40; batch++)
        {
            await firehose.PutRecordBatchAsync([.. Enumerable.Range(10 + (batch * 100), 100).Select(i => Envelope(i, padding: 400))]);
        }

        await delivered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(firehose.DeliveredMark >= mark);
        Assert.NotEmpty(await _folder.KeysAsync("staging/"));
    }

    [Fact]
    public async Task Delivering_through_a_mark_stages_the_buffered_records_and_releases_those_waiting()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions());
        await firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 3).Select(i => Envelope(i))]);
        var mark = firehose.AcceptedMark;
        var delivered = firehose.WhenDeliveredAsync(mark, CancellationToken.None);
        Assert.False(delivered.IsCompleted);

        await firehose.DeliverThroughAsync(mark, CancellationToken.None);

        await delivered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, firehose.DeliveredMark);
        Assert.Single(await _folder.KeysAsync("staging/"));
        Assert.Equal(3, firehose.Statistics.RowsWritten);

        // Nothing new: nothing more is staged, and a mark already delivered is complete at once.
        await firehose.DeliverThroughAsync(mark, CancellationToken.None);
        Assert.True(firehose.WhenDeliveredAsync(mark, CancellationToken.None).IsCompletedSuccessfully);
        Assert.Single(await _folder.KeysAsync("staging/"));
    }

    [Fact]
    public async Task Replayed_records_take_no_number_so_their_mark_is_already_delivered()
    {
        await using var firehose = new LocalFirehose(_folder.Store, FirehoseFolder.Options(), new TransformOptions());
        await firehose.PutRecordBatchAsync([Envelope(0), Envelope(1)]);
        await firehose.FlushAsync();

        await firehose.PutRecordBatchAsync([Envelope(0), Envelope(1)]);

        Assert.Equal(2, firehose.AcceptedMark);
        Assert.True(firehose.WhenDeliveredAsync(firehose.AcceptedMark, CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(2, firehose.Statistics.RecordsAlreadyDelivered);
    }

    [Fact]
    public async Task Two_deliveries_run_side_by_side_and_a_failed_one_is_delivered_again_without_the_other_twice()
    {
        var store = new FirstStagingWaitsThenFails(_folder.Store);
        var options = FirehoseFolder.Options();
        options.BufferSizeInMBs = 1;
        await using var firehose = new LocalFirehose(store, options, new TransformOptions());

        // Each put fills a buffer: the first delivery's write waits until the second one writes, then fails.
        await firehose.PutRecordBatchAsync([.. Enumerable.Range(0, 12).Select(i => Envelope(i, padding: 100_000))]);
        await firehose.PutRecordBatchAsync([.. Enumerable.Range(12, 12).Select(i => Envelope(i, padding: 100_000))]);
        Exception? error = null;
        for (var wait = 0; wait < 300 && error is null; wait++)
        {
            await Task.Delay(100);
            error = await Record.ExceptionAsync(() => firehose.PutRecordBatchAsync([]));
        }

        Assert.Contains("first staging object", Assert.IsType<IOException>(error).Message, StringComparison.Ordinal);
        Assert.True(store.SecondWroteWhileFirstWaited);

        // Either delivery may reach its staging write first (and fail). The mark moves only over numbers delivered
        // without a gap: past the first put's 12 records when the second put's delivery failed, else not at all.
        var staged = await StagedRecordsAsync();
        Assert.Equal(12, staged.Count);
        Assert.Equal(staged.Min() == 0 ? 12 : 0, firehose.DeliveredMark);

        await firehose.FlushAsync();

        Assert.Equal(24, firehose.DeliveredMark);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i), (await StagedRecordsAsync()).Order());
    }

    private async Task<List<long>> StagedRecordsAsync()
    {
        var records = new List<long>();
        foreach (var key in await _folder.KeysAsync("staging/"))
        {
            records.AddRange(DuckDbParquet.Query($"SELECT _source_record FROM read_parquet('{_folder.Store.GetPath(key)}')").Select(row => (long)row[0]!));
        }

        return records;
    }

    /// <summary>Its first staging object waits (up to 30 s) until a second one is created, then fails.</summary>
    private sealed class FirstStagingWaitsThenFails(IObjectStore inner) : IObjectStore
    {
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _created;

        public bool SecondWroteWhileFirstWaited { get; private set; }

        public string Location => inner.Location;

        public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

        public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutAsync(key, content, cancellationToken);

        public async Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default)
        {
            switch (Interlocked.Increment(ref _created))
            {
                case 1:
                    await _second.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                    throw new IOException("the first staging object cannot be written");
                case 2:
                    SecondWroteWhileFirstWaited = true;
                    _second.TrySetResult();
                    break;
            }

            return await inner.CreateAsync(key, cancellationToken);
        }

        public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.TryPutNewAsync(key, content, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
    }
}
