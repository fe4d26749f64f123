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
        var objects = drained.Objects.ToDictionary(o => o.Key, o => Encoding.UTF8.GetString([.. o.Lines.SelectMany(l => l.ToArray())]));
        round.Release(drained);

        Assert.Equal(2, objects.Count);
        Assert.Equal("{\"n\":1}\n{\"n\":3}\n{\"n\":5}\n", objects["raw/Region=US/shardId-000000000001-00000000000000000001.jsonl"]);
        Assert.Equal("{\"n\":2}\n{\"n\":4}\n{\"n\":6}\n", objects["raw/Region=EU/shardId-000000000001-00000000000000000002.jsonl"]);
    }
}
