using System.Globalization;
using Tributary.Streaming;
using Tributary.Streaming.Internal;

namespace Tributary.Tests.Streaming;

public sealed class KinesisHashRangesTests
{
    [Theory]
    [InlineData("a", "16955237001963240173058271559858726497")]
    [InlineData("1", "261578874264819908609102035485573088411")]
    [InlineData("Europe/42", "216775520432309018301047373791393496166")]
    public void Hash_key_is_md5_read_big_endian(string partitionKey, string expected)
    {
        Assert.Equal(UInt128.Parse(expected, CultureInfo.InvariantCulture), KinesisHashRanges.HashKey(partitionKey));
    }

    [Theory]
    [InlineData("a", new[] { 0, 0, 0, 0 })]
    [InlineData("StoreNo-17", new[] { 0, 0, 0, 1 })]
    [InlineData("1", new[] { 1, 2, 3, 5 })]
    [InlineData("partition-key-0", new[] { 0, 0, 1, 2 })]
    [InlineData("Europe/42", new[] { 1, 1, 2, 4 })]
    public void Keys_route_to_the_shard_owning_their_hash_range(string partitionKey, int[] expectedFor2347)
    {
        int[] counts = [2, 3, 4, 7];
        for (var i = 0; i < counts.Length; i++)
        {
            var shard = KinesisHashRanges.ShardIndex(partitionKey, counts[i]);
            Assert.Equal(expectedFor2347[i], shard);
            var hash = KinesisHashRanges.HashKey(partitionKey);
            Assert.InRange(hash, KinesisHashRanges.StartingHashKey(shard, counts[i]), KinesisHashRanges.EndingHashKey(shard, counts[i]));
        }
    }

    [Fact]
    public void Ranges_match_what_kinesis_creates()
    {
        // CreateStream with 4 shards: each shard gets a quarter of the 128-bit space.
        Assert.Equal(UInt128.Parse("85070591730234615865843651857942052864", CultureInfo.InvariantCulture), KinesisHashRanges.StartingHashKey(1, 4));
        Assert.Equal(UInt128.Parse("255211775190703847597530955573826158591", CultureInfo.InvariantCulture), KinesisHashRanges.EndingHashKey(2, 4));
        Assert.Equal(UInt128.Parse("113427455640312821154458202477256070485", CultureInfo.InvariantCulture), KinesisHashRanges.StartingHashKey(1, 3));
        Assert.Equal(UInt128.Parse("226854911280625642308916404954512140970", CultureInfo.InvariantCulture), KinesisHashRanges.StartingHashKey(2, 3));
        Assert.Equal(UInt128.MaxValue, KinesisHashRanges.EndingHashKey(2, 3));
        Assert.Equal(UInt128.MaxValue, KinesisHashRanges.EndingHashKey(0, 1));
        Assert.Equal(0, KinesisHashRanges.ShardIndex(UInt128.MaxValue, 1));
        Assert.Equal(2, KinesisHashRanges.ShardIndex(UInt128.MaxValue, 3));
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
    }
}
