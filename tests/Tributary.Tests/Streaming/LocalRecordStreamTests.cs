using System.Text;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Tests.Streaming;

public sealed class LocalRecordStreamTests
{
    private static StreamOptions Options(int shards = 4, long segmentBytes = 64 * 1024) =>
        new() { ShardCount = shards, SegmentBytes = segmentBytes, FlushToDisk = false };

    private static PutRecordEntry Entry(int i) => new(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"key-{i % 37}");

    private static async Task<List<StreamRecord>> ReadAllAsync(IRecordStream stream, string shard, string? after = null, int page = 7)
    {
        var all = new List<StreamRecord>();
        while (true)
        {
            var result = await stream.GetRecordsAsync(shard, after, page);
            if (result.Records.Count == 0)
            {
                return all;
            }

            all.AddRange(result.Records);
            after = result.Records[^1].SequenceNumber;
        }
    }

    private static int N(StreamRecord r) => int.Parse(Encoding.UTF8.GetString(r.Data.Span)[5..^1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Records_route_by_hash_and_read_back_in_order_across_segments()
    {
        using var temp = new TempDirectory();
        using var stream = new LocalRecordStream(temp.Path, Options(segmentBytes: 4096));

        var acknowledged = new List<PutRecordResultEntry>();
        for (var batch = 0; batch < 10; batch++)
        {
            var result = await stream.PutRecordsAsync([.. Enumerable.Range(batch * 100, 100).Select(Entry)]);
            Assert.Equal(0, result.FailedRecordCount);
            acknowledged.AddRange(result.Records);
        }

        var total = 0;
        foreach (var shard in await stream.ListShardsAsync())
        {
            var records = await ReadAllAsync(stream, shard);
            total += records.Count;
            Assert.All(records, r => Assert.Equal(shard, KinesisHashRanges.ShardId(KinesisHashRanges.ShardIndex(r.PartitionKey, 4))));
            var numbers = records.Select(N).ToList();
            Assert.Equal(numbers.Order(), numbers);
            var sequences = records.Select(r => r.SequenceNumber).ToList();
            Assert.Equal(sequences.Order(StringComparer.Ordinal), sequences);
            Assert.Equal(sequences.Count, sequences.Distinct().Count());
        }

        Assert.Equal(1000, total);
        Assert.True(Directory.GetDirectories(stream.Folder, "shardId-*").Max(d => Directory.GetFiles(d, "*.log").Length) > 2);
        var resumed = await stream.GetRecordsAsync(acknowledged[500].ShardId!, acknowledged[500].SequenceNumber, 1);
        Assert.True(N(resumed.Records[0]) > 500, $"{N(resumed.Records[0])} {resumed.Records[0].SequenceNumber} after {acknowledged[500].SequenceNumber}");
    }

    [Fact]
    public async Task Durable_puts_in_flight_together_land_in_call_order_across_segments_and_survive_a_reopen()
    {
        using var temp = new TempDirectory();
        var options = new StreamOptions { ShardCount = 2, SegmentBytes = 2048, FlushToDisk = true };
        var puts = new List<Task<PutRecordsResult>>();
        using (var stream = new LocalRecordStream(temp.Path, options))
        {
            // Not awaited one by one: the puts share syncs, and a segment may roll while another put's sync runs.
            for (var batch = 0; batch < 20; batch++)
            {
                puts.Add(stream.PutRecordsAsync([.. Enumerable.Range(batch * 50, 50).Select(Entry)]));
            }

            await Task.WhenAll(puts);
        }

        var acknowledged = puts.SelectMany(p => p.Result.Records).ToList();
        using var reopened = new LocalRecordStream(temp.Path, options);
        Assert.Equal(0, reopened.TruncatedBytesOnOpen);
        var total = 0;
        foreach (var shard in await reopened.ListShardsAsync())
        {
            var records = await ReadAllAsync(reopened, shard, page: 33);
            total += records.Count;
            var numbers = records.Select(N).ToList();
            Assert.Equal(numbers.Order(), numbers);
            var expected = acknowledged.Select((r, n) => (r, n)).Where(x => x.r.ShardId == shard).ToList();
            Assert.Equal(expected.Select(x => x.n), numbers);
            Assert.Equal(expected.Select(x => x.r.SequenceNumber), records.Select(r => r.SequenceNumber));
        }

        Assert.Equal(1000, total);
        Assert.True(Directory.GetDirectories(reopened.Folder, "shardId-*").Min(d => Directory.GetFiles(d, "*.log").Length) > 3);
    }

    [Fact]
    public async Task Reopen_after_a_torn_write_reads_every_acknowledged_record_once()
    {
        using var temp = new TempDirectory();
        var acknowledged = new Dictionary<string, List<int>>();
        var random = new Random(7);
        for (var round = 0; round < 5; round++)
        {
            using (var stream = new LocalRecordStream(temp.Path, Options(shards: 2, segmentBytes: 2048)))
            {
                var result = await stream.PutRecordsAsync([.. Enumerable.Range(round * 50, 50).Select(Entry)]);
                for (var i = 0; i < 50; i++)
                {
                    var shard = result.Records[i].ShardId!;
                    (acknowledged.TryGetValue(shard, out var list) ? list : acknowledged[shard] = []).Add((round * 50) + i);
                }
            }

            // Simulate a process killed mid-write: a partial frame, or garbage, or a frame with a flipped byte.
            foreach (var shardFolder in Directory.GetDirectories(temp.Path + "/tributary", "shardId-*"))
            {
                var active = Directory.GetFiles(shardFolder, "*.log").Order(StringComparer.Ordinal).Last();
                var torn = new byte[random.Next(1, 40)];
                random.NextBytes(torn);
                if (round % 2 == 0)
                {
                    torn[0] = 30; torn[1] = 0; torn[2] = 0; torn[3] = 0; // a plausible length whose payload never arrived
                }

                using var file = new FileStream(active, FileMode.Append);
                file.Write(torn);
            }
        }

        using (var reopened = new LocalRecordStream(temp.Path, Options(shards: 2, segmentBytes: 2048)))
        {
            Assert.True(reopened.TruncatedBytesOnOpen > 0);
            foreach (var (shard, expected) in acknowledged)
            {
                Assert.Equal(expected, (await ReadAllAsync(reopened, shard)).Select(N).ToList());
            }

            var after = await reopened.PutRecordsAsync([Entry(9999)]);
            var shardOf = after.Records[0].ShardId!;
            var all = await ReadAllAsync(reopened, shardOf);
            Assert.Equal(9999, N(all[^1]));
            Assert.Equal(expected: acknowledged[shardOf].Count + 1, all.Count);
        }
    }

    [Fact]
    public async Task A_corrupted_last_frame_is_truncated_not_misread()
    {
        using var temp = new TempDirectory();
        using (var stream = new LocalRecordStream(temp.Path, Options(shards: 1)))
        {
            await stream.PutRecordsAsync([Entry(1), Entry(2), Entry(3)]);
        }

        var segment = Directory.GetFiles(temp.Path + "/tributary/shardId-000000000000", "*.log").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^2] ^= 0x40; // the last record's data no longer matches its checksum
        File.WriteAllBytes(segment, bytes);

        using var reopened = new LocalRecordStream(temp.Path, Options(shards: 1));
        var records = await ReadAllAsync(reopened, "shardId-000000000000");
        Assert.Equal([1, 2], records.Select(N));
        var next = await reopened.PutRecordsAsync([Entry(4)]);
        Assert.Equal("00000000000000000003", next.Records[0].SequenceNumber);
    }

    [Fact]
    public async Task Kinesis_limits_are_enforced_with_clear_errors()
    {
        using var temp = new TempDirectory();
        using var stream = new LocalRecordStream(temp.Path, new StreamOptions { ShardCount = 1, MaxRecordBytes = 1024 * 1024, FlushToDisk = false });

        var tooMany = await Assert.ThrowsAsync<StreamLimitException>(() => stream.PutRecordsAsync([.. Enumerable.Range(0, 501).Select(Entry)]));
        Assert.Contains("501", tooMany.Message);
        var big = new PutRecordEntry(new byte[(1024 * 1024) + 1], "k");
        var tooBig = await Assert.ThrowsAsync<StreamLimitException>(() => stream.PutRecordsAsync([big]));
        Assert.Contains("Stream:MaxRecordBytes", tooBig.Message);
        var sixMiB = Enumerable.Range(0, 6).Select(_ => new PutRecordEntry(new byte[1024 * 1000], "k")).ToList();
        var tooMuch = await Assert.ThrowsAsync<StreamLimitException>(() => stream.PutRecordsAsync(sixMiB));
        Assert.Contains("5 MiB", tooMuch.Message);
        await Assert.ThrowsAsync<StreamLimitException>(() => stream.PutRecordsAsync([new PutRecordEntry(new byte[1], "")]));
        await Assert.ThrowsAsync<StreamLimitException>(() => stream.PutRecordsAsync([new PutRecordEntry(new byte[1], new string('k', 257))]));
        Assert.Empty((await stream.GetRecordsAsync("shardId-000000000000", null, 10)).Records);
    }

    [Fact]
    public async Task Retention_deletes_whole_old_segments_only()
    {
        using var temp = new TempDirectory();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var stream = new LocalRecordStream(temp.Path, new StreamOptions { ShardCount = 1, SegmentBytes = 64 * 1024, RetentionHours = 24, FlushToDisk = false }, clock);
        var payload = new byte[40 * 1024];
        "{}"u8.CopyTo(payload);
        for (var i = 0; i < 4; i++)
        {
            await stream.PutRecordsAsync([new PutRecordEntry(payload, "k")]);
        }

        var folder = Path.Combine(stream.Folder, "shardId-000000000000");
        var segments = Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, segments.Length);

        clock.Now += TimeSpan.FromHours(25);
        Assert.Equal(1, stream.DeleteExpiredSegments());
        Assert.Equal([segments[1]], Directory.GetFiles(folder, "*.log"));
        var oldest = await stream.GetRecordsAsync("shardId-000000000000", null, 10);
        Assert.Equal(["00000000000000000003", "00000000000000000004"], oldest.Records.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task Reopening_with_another_shard_count_is_refused()
    {
        using var temp = new TempDirectory();
        new LocalRecordStream(temp.Path, Options(shards: 2)).Dispose();

        var error = Assert.Throws<InvalidOperationException>(() => new LocalRecordStream(temp.Path, Options(shards: 3)));
        Assert.Contains("2 shards", error.Message);
    }

    [Fact]
    public async Task Checkpoints_persist_per_consumer_and_shard()
    {
        using var temp = new TempDirectory();
        var store = new LocalShardCheckpointStore(temp.Path);

        Assert.Null(await store.GetAsync("process", "shardId-000000000000"));
        await store.SetAsync("process", "shardId-000000000000", "00000000000000000005");
        await store.SetAsync("process", "shardId-000000000000", "00000000000000000009");
        await store.SetAsync("other", "shardId-000000000000", "00000000000000000001");

        var reopened = new LocalShardCheckpointStore(temp.Path);
        Assert.Equal("00000000000000000009", await reopened.GetAsync("process", "shardId-000000000000"));
        Assert.Equal("00000000000000000001", await reopened.GetAsync("other", "shardId-000000000000"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync("../x", "shardId-000000000000", "1"));
    }
}
