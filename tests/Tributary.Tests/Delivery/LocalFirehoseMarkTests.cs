using System.Text;
using Tributary.Configuration;
using Tributary.Delivery;
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
}
