using System.Text;
using Tributary.Ports;
using Tributary.Processing.Internal;

namespace Tributary.Tests.Processing;

public sealed class RawRoundBufferTests
{
    private static readonly DateTimeOffset Arrival = DateTimeOffset.FromUnixTimeMilliseconds(1545084650987);

    [Fact]
    public void Equal_folders_given_as_different_strings_make_one_object_named_after_its_first_record()
    {
        var round = new RawRoundBuffer();
        var shard = round.Shard("shardId-000000000001");
        string[] folders = ["raw/Region=EU/", "raw/Region=US/"];
        for (long sequence = 1; sequence <= 6; sequence++)
        {
            // A new string each time, as the template hands out for folders it does not cache.
            var folder = new string(folders[sequence % 2].AsSpan());
            var record = new StreamRecord("shardId-000000000001", sequence, "k", Encoding.UTF8.GetBytes($"{{\"n\":{sequence}}}"), Arrival);
            Assert.True(shard.IsNew(record));
            shard.Add(folder, record, record.Data.Span);
        }

        Assert.False(shard.IsNew(new StreamRecord("shardId-000000000001", "00000000000000000006", "k", new byte[] { 1 }, Arrival)));
        Assert.True(shard.IsNew(new StreamRecord("shardId-000000000001", "00000000000000000007", "k", new byte[] { 1 }, Arrival)));

        var drained = round.Drain();
        var objects = drained.Objects.ToDictionary(o => o.Key, o => Encoding.UTF8.GetString([.. o.Parts.SelectMany(l => l.ToArray())]));
        round.Release(drained);

        Assert.Equal(2, objects.Count);
        Assert.Equal("{\"n\":1}\n{\"n\":3}\n{\"n\":5}\n", objects["raw/Region=US/shardId-000000000001-00000000000000000001.jsonl"]);
        Assert.Equal("{\"n\":2}\n{\"n\":4}\n{\"n\":6}\n", objects["raw/Region=EU/shardId-000000000001-00000000000000000002.jsonl"]);
    }

    [Fact]
    public void Records_of_any_size_come_out_whole_and_in_order_from_few_parts()
    {
        var round = new RawRoundBuffer();
        var shard = round.Shard("shardId-000000000000");
        var random = new Random(7);
        var expected = new Dictionary<string, StringBuilder>();
        string[] folders = ["raw/a/", "raw/b/", "raw/c/"];
        for (long sequence = 1; sequence <= 400; sequence++)
        {
            // Mostly small records, some crossing a chunk's end, a few larger than a chunk.
            var size = sequence % 50 == 0 ? random.Next(32 * 1024, 80 * 1024) : random.Next(1, 3000);
            var body = $"{{\"n\":{sequence},\"p\":\"{new string((char)('a' + (sequence % 26)), size)}\"}}";
            var folder = folders[random.Next(folders.Length)];
            var record = new StreamRecord("shardId-000000000000", sequence, "k", Encoding.UTF8.GetBytes(body), Arrival);
            shard.Add(folder, record, record.Data.Span);
            (expected.TryGetValue(folder, out var text) ? text : expected[folder] = new StringBuilder()).Append(body).Append('\n');
        }

        var drained = round.Drain();
        try
        {
            Assert.Equal(expected.Count, drained.Objects.Count);
            foreach (var item in drained.Objects)
            {
                var folder = item.Key[..(item.Key.IndexOf('/', 4) + 1)];
                var content = Encoding.UTF8.GetString([.. item.Parts.SelectMany(p => p.ToArray())]);
                Assert.Equal(expected[folder].ToString(), content);
                Assert.Equal(Encoding.UTF8.GetByteCount(content), item.Bytes);
                Assert.True(item.Parts.Length <= (item.Bytes / (32 * 1024)) + 1, $"{item.Parts.Length} parts for {item.Bytes} bytes");
            }

            Assert.Equal(expected.Values.Sum(t => Encoding.UTF8.GetByteCount(t.ToString())), drained.Objects.Sum(o => o.Bytes));
        }
        finally
        {
            round.Release(drained);
        }

        Assert.Equal(0, round.Bytes);
    }
}
