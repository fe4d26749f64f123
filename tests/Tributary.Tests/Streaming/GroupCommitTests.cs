using System.Text;
using Tributary.Configuration;
using Tributary.Delta.Internal;
using Tributary.Ports;
using Tributary.Streaming;
using Tributary.Streaming.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Streaming;

/// <summary>
/// The durable stream's group commit, driven through its sync seam: a sync held open shows what waits for it (puts,
/// readers), and a sync that throws shows what a failed fsync does.
/// </summary>
public sealed class GroupCommitTests
{
    // Segments large enough not to roll: a roll syncs and publishes the old segment itself, in the put.
    private static readonly StreamOptions Durable = new() { ShardCount = 4, SegmentBytes = 1 << 20, FlushToDisk = true };

    private static PutRecordEntry Entry(int producer, int n) => new(Encoding.UTF8.GetBytes($"{{\"p\":{producer},\"n\":{n}}}"), $"key-{n % 13}");

    private static (int Producer, int N) Parse(StreamRecord r)
    {
        var text = Encoding.UTF8.GetString(r.Data.Span);
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        return (int.Parse(text[5..comma], System.Globalization.CultureInfo.InvariantCulture), int.Parse(text[(comma + 5)..^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<List<StreamRecord>> ReadAllAsync(IRecordStream stream, string shard)
    {
        var all = new List<StreamRecord>();
        string? after = null;
        while (true)
        {
            var page = await stream.GetRecordsAsync(shard, after, 100);
            if (page.Records.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Records);
            after = page.Records[^1].SequenceNumber;
        }
    }

    [Fact]
    public async Task Puts_made_while_a_sync_runs_share_the_next_round_land_in_order_and_survive_a_reopen()
    {
        using var temp = new TempDirectory();
        using var firstSyncStarted = new ManualResetEventSlim();
        using var releaseFirstSync = new ManualResetEventSlim();
        var syncs = 0;
        void Sync(FileStream file)
        {
            if (Interlocked.Increment(ref syncs) == 1)
            {
                firstSyncStarted.Set();
                releaseFirstSync.Wait(TimeSpan.FromSeconds(30));
            }

            DurableFiles.SyncFile(file);
        }

        const int Producers = 8;
        const int PutsEach = 25;
        var acknowledged = new List<PutRecordResultEntry>[Producers];
        using (var stream = new LocalRecordStream(temp.Path, Durable, null, Sync))
        {
            var first = stream.PutRecordsAsync([Entry(-1, 0)]);
            Assert.True(firstSyncStarted.Wait(TimeSpan.FromSeconds(30)));
            var firstShard = KinesisHashRanges.ShardId(KinesisHashRanges.ShardIndex("key-0", Durable.ShardCount));

            // The first round is held open: every put below is written while it runs, so none can be acknowledged
            // (and no reader sees its records) before the next round.
            var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
            {
                var puts = new List<Task<PutRecordsResult>>();
                for (var i = 0; i < PutsEach; i++)
                {
                    puts.Add(stream.PutRecordsAsync([.. Enumerable.Range(i * 10, 10).Select(n => Entry(p, n))]));
                }

                return puts;
            })).ToArray();
            List<Task<PutRecordsResult>> pending;
            Task tipSignal;
            try
            {
                pending = [.. (await Task.WhenAll(producers)).SelectMany(p => p)];
                Assert.All(pending, p => Assert.False(p.IsCompleted));
                Assert.False(first.IsCompleted);
                tipSignal = ((IPublishSignal)stream).WhenRecordsAfter(firstShard, null);
                Assert.False(tipSignal.IsCompleted);
                foreach (var shard in await stream.ListShardsAsync())
                {
                    Assert.Empty((await stream.GetRecordsAsync(shard, null, 100)).Records);
                }
            }
            finally
            {
                releaseFirstSync.Set();
            }

            await first;
            await tipSignal;
            await Task.WhenAll(pending);
            Assert.Equal(2, stream.SyncRounds);
            for (var p = 0; p < Producers; p++)
            {
                acknowledged[p] = [.. (await producers[p]).SelectMany(t => t.Result.Records)];
            }
        }

        using var reopened = new LocalRecordStream(temp.Path, Durable);
        Assert.Equal(0, reopened.TruncatedBytesOnOpen);
        var total = 0;
        foreach (var shard in await reopened.ListShardsAsync())
        {
            var records = await ReadAllAsync(reopened, shard);
            total += records.Count;
            for (var p = 0; p < Producers; p++)
            {
                // Each producer's records on this shard, in the order it put them, with the positions it was given.
                var mine = records.Where(r => Parse(r).Producer == p).ToList();
                var expected = acknowledged[p].Select((r, n) => (r, n)).Where(x => x.r.ShardId == shard).ToList();
                Assert.Equal(expected.Select(x => x.n), mine.Select(r => Parse(r).N));
                Assert.Equal(expected.Select(x => x.r.SequenceNumber), mine.Select(r => r.SequenceNumber));
            }
        }

        Assert.Equal(1 + (Producers * PutsEach * 10), total);
    }

    [Fact]
    public async Task A_failed_sync_faults_the_waiting_puts_hides_their_records_and_stops_the_shard()
    {
        using var temp = new TempDirectory();
        var options = new StreamOptions { ShardCount = 1, SegmentBytes = 1 << 20, FlushToDisk = true };
        var fail = false;
        void Sync(FileStream file)
        {
            if (Volatile.Read(ref fail))
            {
                throw new IOException("injected: EIO");
            }

            DurableFiles.SyncFile(file);
        }

        const string Shard = "shardId-000000000000";
        using (var stream = new LocalRecordStream(temp.Path, options, null, Sync))
        {
            var kept = await stream.PutRecordsAsync([Entry(0, 1), Entry(0, 2)]);
            Volatile.Write(ref fail, true);
            var error = await Assert.ThrowsAsync<IOException>(() => stream.PutRecordsAsync([Entry(0, 3)]));
            Assert.Contains("injected: EIO", error.Message, StringComparison.Ordinal);
            Assert.Contains(Shard, error.Message, StringComparison.Ordinal);

            // Only what a round made durable is readable, and nothing more is accepted on the shard.
            Assert.Equal([1, 2], (await ReadAllAsync(stream, Shard)).Select(r => Parse(r).N));
            Volatile.Write(ref fail, false);
            var stopped = await Assert.ThrowsAsync<IOException>(() => stream.PutRecordsAsync([Entry(0, 4)]));
            Assert.Contains("injected: EIO", stopped.Message, StringComparison.Ordinal);
            Assert.Equal("00000000000000000002", kept.Records[1].SequenceNumber);
        }

        // Reopening recovers what the file holds: here the record whose sync failed was still in the page cache.
        using var reopened = new LocalRecordStream(temp.Path, options);
        Assert.Equal([1, 2, 3], (await ReadAllAsync(reopened, Shard)).Select(r => Parse(r).N));
        await reopened.PutRecordsAsync([Entry(0, 5)]);
        Assert.Equal([1, 2, 3, 5], (await ReadAllAsync(reopened, Shard)).Select(r => Parse(r).N));
    }
}
