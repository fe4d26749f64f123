using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tributary.Streaming;

/// <summary>
/// Kinesis routing: a partition key's hash key is the MD5 of its UTF-8 bytes read as a 128-bit big-endian number,
/// and a stream created with N shards gives shard i the contiguous range starting at i × ⌊2¹²⁸ / N⌋ (the last shard
/// ends at 2¹²⁸ − 1).
/// </summary>
public static class KinesisHashRanges
{
    /// <summary>The Kinesis shard id of the shard at <paramref name="index"/>: <c>shardId-000000000000</c>, ...</summary>
    public static string ShardId(int index) => "shardId-" + index.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>The 128-bit hash key of a partition key.</summary>
    public static UInt128 HashKey(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        Span<byte> hash = stackalloc byte[16];
        var max = Encoding.UTF8.GetMaxByteCount(partitionKey.Length);
        byte[]? rented = null;
        var utf8 = max <= 1024 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(partitionKey, utf8);
            MD5.HashData(utf8[..length], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    /// <summary>The first hash key of shard <paramref name="index"/> in a stream of <paramref name="shardCount"/> shards.</summary>
    public static UInt128 StartingHashKey(int index, int shardCount) => index == 0 ? UInt128.Zero : Step(shardCount) * (UInt128)(uint)index;

    /// <summary>The last hash key of shard <paramref name="index"/> in a stream of <paramref name="shardCount"/> shards.</summary>
    public static UInt128 EndingHashKey(int index, int shardCount) =>
        index == shardCount - 1 ? UInt128.MaxValue : StartingHashKey(index + 1, shardCount) - 1;

    /// <summary>The index of the shard that owns <paramref name="hashKey"/>.</summary>
    public static int ShardIndex(UInt128 hashKey, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        if (shardCount == 1)
        {
            return 0;
        }

        var index = hashKey / Step(shardCount);
        return index >= (UInt128)(uint)shardCount ? shardCount - 1 : (int)index;
    }

    /// <summary>The index of the shard a partition key is routed to.</summary>
    public static int ShardIndex(string partitionKey, int shardCount) => ShardIndex(HashKey(partitionKey), shardCount);

    // ⌊2¹²⁸ / n⌋ for n ≥ 2, computed without overflowing: 2¹²⁸ = MaxValue + 1.
    private static UInt128 Step(int shardCount) => UInt128.MaxValue / (UInt128)(uint)shardCount + (UInt128.MaxValue % (UInt128)(uint)shardCount == (UInt128)(uint)(shardCount - 1) ? 1u : 0u);
}
