using System.Buffers;
using System.Collections.Concurrent;
using Tributary.Internal;

namespace Tributary.Processing.Internal;

/// <summary>
/// The raw records of one checkpoint round, per shard and partition folder, kept until the host flushes them before
/// it checkpoints. Each partition becomes one JSON Lines object named after the shard and the partition's first
/// sequence number in the round. A round always starts at a checkpoint, so a replay after a crash starts each
/// partition at the same first record and rewrites the same names, wherever the rounds are cut; a record is in
/// exactly one raw object.
/// </summary>
internal sealed class RawRoundBuffer
{
    private readonly ConcurrentDictionary<string, ShardRound> _shards = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="sequenceNumber"/> is past everything this shard buffered in the round: the records of a
    /// retried or bisected batch that were archived on the first attempt are not buffered twice.
    /// </summary>
    public bool IsNew(string shardId, string sequenceNumber) =>
        !_shards.TryGetValue(shardId, out var shard) || shard.Last is not { } last || CompareSequence(sequenceNumber, last) > 0;

    /// <summary>
    /// Adds one record to its partition. The record is kept by reference, not copied: the stream's pages are fresh
    /// arrays, alive until the flush. Callers add a shard's records in sequence order, one thread per shard at a time.
    /// </summary>
    public void Add(string shardId, string folder, string sequenceNumber, ReadOnlyMemory<byte> record)
    {
        var shard = _shards.GetOrAdd(shardId, static _ => new ShardRound());
        if (!shard.Partitions.TryGetValue(folder, out var partition))
        {
            partition = new PartitionRound(sequenceNumber);
            shard.Partitions.Add(folder, partition);
        }

        partition.Records.Add(record);
        partition.Bytes += record.Length + 1;
        shard.Last = sequenceNumber;
    }

    /// <summary>Takes every buffered object (key and records) out of the buffer.</summary>
    public List<RawObject> Drain()
    {
        var objects = new List<RawObject>();
        foreach (var (shardId, shard) in _shards)
        {
            foreach (var (folder, partition) in shard.Partitions)
            {
                objects.Add(new RawObject($"{folder}{shardId}-{partition.FirstSequence}.jsonl", partition.Records, partition.Bytes));
            }
        }

        _shards.Clear();
        return objects;
    }

    /// <summary>Orders decimal sequence numbers (Kinesis' vary in length; the embedded stream's are zero-padded).</summary>
    private static int CompareSequence(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    /// <summary>One raw object to write: its key, its records (one JSON Lines line each) and its size in bytes.</summary>
    internal sealed record RawObject(string Key, List<ReadOnlyMemory<byte>> Records, int Bytes)
    {
        /// <summary>Writes the JSON Lines content into <paramref name="output"/>.</summary>
        public void WriteTo(PooledBufferWriter output)
        {
            foreach (var record in Records)
            {
                output.Write(record.Span);
                output.Write("\n"u8);
            }
        }
    }

    private sealed class PartitionRound(string firstSequence)
    {
        public string FirstSequence { get; } = firstSequence;

        public List<ReadOnlyMemory<byte>> Records { get; } = [];

        public int Bytes { get; set; }
    }

    private sealed class ShardRound
    {
        public Dictionary<string, PartitionRound> Partitions { get; } = new(StringComparer.Ordinal);

        public string? Last { get; set; }
    }
}
