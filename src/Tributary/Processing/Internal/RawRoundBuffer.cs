using System.Buffers;
using System.Collections.Concurrent;
using Tributary.Internal;

namespace Tributary.Processing.Internal;

/// <summary>
/// The raw records of one checkpoint round, per shard and partition folder, kept until the host flushes them before
/// it checkpoints. Each partition becomes one JSON Lines object named after the shard and the partition's first
/// sequence number in the round. A round always starts at a checkpoint, so a replay after a crash starts each
/// partition at the same first record and rewrites the same names, wherever the rounds are cut; a record is in
/// exactly one raw object. Records are copied into pooled blocks as they arrive, so the caller's buffers can be
/// reused or collected right away.
/// </summary>
internal sealed class RawRoundBuffer
{
    // 1 MiB blocks: large enough that most records pack many to a block, and in the large object heap; up to 128 MiB
    // kept, more than a default round (4 shards x 20,000 records of about 600 bytes, about 50 MiB) needs.
    private readonly RawBlockPool _pool = new(1 << 20, 128);
    private readonly ConcurrentDictionary<string, ShardRound> _shards = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="sequenceNumber"/> is past everything this shard buffered in the round: the records of a
    /// retried or bisected batch that were archived on the first attempt are not buffered twice.
    /// </summary>
    public bool IsNew(string shardId, string sequenceNumber) =>
        !_shards.TryGetValue(shardId, out var shard) || shard.Last is not { } last || CompareSequence(sequenceNumber, last) > 0;

    /// <summary>The bytes of the records held now, over all shards (read while shards add: a close estimate).</summary>
    public long Bytes
    {
        get
        {
            long bytes = 0;
            foreach (var (_, shard) in _shards)
            {
                bytes += Volatile.Read(ref shard.Bytes);
            }

            return bytes;
        }
    }

    /// <summary>
    /// Copies one record (and its line end) into its partition. Callers add a shard's records in sequence order, one
    /// thread per shard at a time.
    /// </summary>
    public void Add(string shardId, string folder, string sequenceNumber, ReadOnlySpan<byte> record)
    {
        var shard = _shards.GetOrAdd(shardId, static _ => new ShardRound());
        if (!shard.Partitions.TryGetValue(folder, out var partition))
        {
            partition = new PartitionRound(sequenceNumber);
            shard.Partitions.Add(folder, partition);
        }

        partition.Lines.Add(shard.Append(record, _pool));
        partition.Bytes += record.Length + 1;
        Volatile.Write(ref shard.Bytes, shard.Bytes + record.Length + 1);
        shard.Last = sequenceNumber;
    }

    /// <summary>
    /// Takes every buffered object (key and lines) out of the buffer. The lines point into pooled blocks: call
    /// <see cref="Release"/> once they are written.
    /// </summary>
    public RawRound Drain()
    {
        var objects = new List<RawObject>();
        var blocks = new List<byte[]>();
        foreach (var (shardId, shard) in _shards)
        {
            foreach (var (folder, partition) in shard.Partitions)
            {
                objects.Add(new RawObject($"{folder}{shardId}-{partition.FirstSequence}.jsonl", partition.Lines, partition.Bytes));
            }

            blocks.AddRange(shard.Blocks);
        }

        _shards.Clear();
        return new RawRound(objects, blocks);
    }

    /// <summary>Gives a drained round's blocks back to the pool; its objects must not be read afterwards.</summary>
    public void Release(RawRound round)
    {
        foreach (var block in round.Blocks)
        {
            _pool.Return(block);
        }
    }

    /// <summary>Orders decimal sequence numbers (Kinesis' vary in length; the embedded stream's are zero-padded).</summary>
    private static int CompareSequence(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    /// <summary>The objects of a drained round and the blocks their lines live in.</summary>
    internal sealed record RawRound(List<RawObject> Objects, List<byte[]> Blocks);

    /// <summary>One raw object to write: its key, its lines (each a record and its line end) and its size in bytes.</summary>
    internal sealed record RawObject(string Key, List<ReadOnlyMemory<byte>> Lines, int Bytes)
    {
        /// <summary>Writes the JSON Lines content into <paramref name="output"/>.</summary>
        public void WriteTo(PooledBufferWriter output)
        {
            foreach (var line in Lines)
            {
                output.Write(line.Span);
            }
        }
    }

    private sealed class PartitionRound(string firstSequence)
    {
        public string FirstSequence { get; } = firstSequence;

        public List<ReadOnlyMemory<byte>> Lines { get; } = [];

        public int Bytes { get; set; }
    }

    private sealed class ShardRound
    {
        // A field, not a property: Bytes reads it with Volatile from other threads.
        public long Bytes;
        private byte[]? _block;
        private int _used;

        public Dictionary<string, PartitionRound> Partitions { get; } = new(StringComparer.Ordinal);

        /// <summary>The pooled blocks this shard's lines are in.</summary>
        public List<byte[]> Blocks { get; } = [];

        public string? Last { get; set; }

        /// <summary>Copies a record and a line end into the shard's current block (a fresh array when it is larger than a block).</summary>
        public ReadOnlyMemory<byte> Append(ReadOnlySpan<byte> record, RawBlockPool pool)
        {
            var length = record.Length + 1;
            if (length > pool.BlockSize)
            {
                var own = new byte[length];
                record.CopyTo(own);
                own[^1] = (byte)'\n';
                return own;
            }

            if (_block is null || _used + length > _block.Length)
            {
                _block = pool.Rent();
                _used = 0;
                Blocks.Add(_block);
            }

            var line = _block.AsMemory(_used, length);
            record.CopyTo(line.Span);
            line.Span[^1] = (byte)'\n';
            _used += length;
            return line;
        }
    }
}
