namespace Tributary.Streaming.Internal;

/// <summary>The records of one put that go to one shard, and their positions in the put.</summary>
internal sealed class ShardGroup
{
    public List<int> Entries { get; } = [];

    public List<(byte[] Key, ReadOnlyMemory<byte> Data)> Records { get; } = [];

    public void Add(int entry, byte[] key, ReadOnlyMemory<byte> data)
    {
        Entries.Add(entry);
        Records.Add((key, data));
    }
}
