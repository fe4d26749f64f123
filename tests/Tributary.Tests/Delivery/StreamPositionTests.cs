using System.Buffers;
using System.Text;
using Tributary.Delivery.Internal;
using Tributary.Records.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Delivery;

public sealed class StreamPositionTests
{
    private static readonly string[] Sources = ["source/a.json", "source/dir/b c.json", "", "source/\"quoted\".json", "source/ü.json", "source/tab\t.json", "source/back\\slash.json"];

    [Theory]
    [InlineData("source/a.json", 12L)]
    [InlineData(null, 0L)]
    [InlineData("source/a.json", null)]
    [InlineData("source/a.json", -3L)]
    public void The_envelope_process_writes_is_read_without_a_json_reader(string? source, long? index)
    {
        var data = Forwarded(source, index, "shardId-000000000002", "\"00000000000000001234\"", 1_764_000_000_000, "{\"a\":1}");

        Assert.True(StreamPosition.TryReadForwarded(data, new ShardNames(), out var position));
        Assert.Equal(new StreamPosition("shardId-000000000002", 1234), position);
        Assert.True(StreamPosition.ReadWithReader(data, new ShardNames(), out var read));
        Assert.Equal(position, read);
    }

    [Theory]
    [InlineData("{\"tributary\":1,\"shard\":\"s\",\"sequence\":\"5\",\"arrival\":1,\"record\":{}}", true)]
    [InlineData("{ \"tributary\":1,\"shard\":\"s\",\"sequence\":\"5\",\"arrival\":1,\"record\":{}}", true)]
    [InlineData("{\"tributary\":1,\"sequence\":\"5\",\"shard\":\"s\",\"arrival\":1,\"record\":{}}", true)]
    [InlineData("{\"tributary\":1,\"shard\":\"s\",\"sequence\":\"-5\",\"arrival\":1,\"record\":{}}", false)]
    [InlineData("{\"tributary\":1,\"shard\":\"s\",\"sequence\":\"99999999999999999999\",\"arrival\":1,\"record\":{}}", false)]
    [InlineData("{\"tributary\":1,\"shard\":\"s\",\"sequence\":\"5\",\"arrival\":01,\"record\":{}}", false)]
    [InlineData("{\"tributary\":1,\"source\":\"a\u0001\",\"shard\":\"s\",\"sequence\":\"5\",\"arrival\":1,\"record\":{}}", false)]
    [InlineData("{\"tributary\":1,\"shard\":\"s\\u0041\",\"sequence\":\"5\",\"arrival\":1,\"record\":{}}", false)]
    [InlineData("{\"tributary\":1,\"index\":1.5,\"shard\":\"s\",\"sequence\":\"5\",\"arrival\":1,\"record\":{}}", true)]
    [InlineData("{\"tributary\":1,\"source\":\"a\",\"index\":3,\"record\":{}}", false)]
    [InlineData("{\"a\":1}", false)]
    public void Heads_written_another_way_get_the_json_readers_answer(string json, bool expected)
    {
        var data = Encoding.UTF8.GetBytes(json);

        Assert.Equal(expected, StreamPosition.TryRead(data, new ShardNames(), out var position));
        if (expected)
        {
            Assert.Equal(new StreamPosition("s", 5), position);
        }
    }

    [Fact]
    public void Whenever_the_byte_match_accepts_a_head_the_json_reader_reads_the_same_position()
    {
        // Envelopes as process writes them, each cut or changed at one byte: the byte match may refuse more than the
        // reader, never accept what it refuses or read another position.
        var random = new Random(6);
        var accepted = 0;
        for (var i = 0; i < 3000; i++)
        {
            var source = random.Next(4) == 0 ? null : Sources[random.Next(Sources.Length)];
            long? index = random.Next(3) switch { 0 => null, 1 => random.Next(0, 10), _ => random.NextInt64(-1_000_000, long.MaxValue) };
            var shard = random.Next(5) == 0 ? "shard \"x\"" : $"shardId-{random.Next(4):D12}";
            var sequence = random.Next(6) == 0 ? "\"+7\"" : $"\"{random.NextInt64(0, long.MaxValue):D20}\"";
            var data = Forwarded(source, index, shard, sequence, random.NextInt64(0, 2_000_000_000_000), "{\"r\":[1,2]}");
            data = HeadMutation.MaybeBreak(random, data);

            var fast = StreamPosition.TryReadForwarded(data, new ShardNames(), out var fastPosition);
            var slow = StreamPosition.ReadWithReader(data, new ShardNames(), out var slowPosition);
            Assert.True(!fast || slow, $"accepted a head the reader refuses: {Encoding.UTF8.GetString(data)}");
            if (fast)
            {
                accepted++;
                Assert.Equal(slowPosition, fastPosition);
            }

            Assert.Equal(slow, StreamPosition.TryRead(data, new ShardNames(), out var position));
            Assert.Equal(slowPosition, position);
        }

        Assert.InRange(accepted, 500, 3000);
    }

    private static byte[] Forwarded(string? source, long? index, string shard, string quotedSequence, long arrival, string record)
    {
        var output = new ArrayBufferWriter<byte>();
        var sourceBody = source is null ? [] : System.Text.Json.JsonEncodedText.Encode(source).EncodedUtf8Bytes.ToArray();
        var quotedShard = new byte[(shard.Length * 6) + 2];
        var shardLength = ForwardedEnvelope.QuotedString(shard, quotedShard);
        ForwardedEnvelope.Write(
            output, sourceBody, source is not null, index, quotedShard.AsSpan(0, shardLength), Encoding.UTF8.GetBytes(quotedSequence), arrival, Encoding.UTF8.GetBytes(record));
        return output.WrittenSpan.ToArray();
    }
}
