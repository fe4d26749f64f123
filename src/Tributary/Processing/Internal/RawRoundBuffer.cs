using System.Buffers;
using System.Collections.Concurrent;
using Tributary.Internal;
using Tributary.Ports;
using Tributary.Streaming.Internal;

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

    /// <summary>The round of one shard, which its records are added to (created when first asked for).</summary>
    public ShardRound Shard(string shardId) => _shards.GetOrAdd(shardId, static (id, pool) => new ShardRound(id, pool), _pool);

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
                objects.Add(new RawObject($"{folder}{shardId}-{partition.FirstSequence.Text}.jsonl", partition.Lines, partition.Bytes));
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

    internal sealed class PartitionRound(Sequence firstSequence)
    {
        public Sequence FirstSequence { get; } = firstSequence;

        public List<ReadOnlyMemory<byte>> Lines { get; } = [];

        public int Bytes { get; set; }
    }

    /// <summary>
    /// The records one shard buffered in the round. Callers add a shard's records in sequence order, one thread per
    /// shard at a time.
    /// </summary>
    internal sealed class ShardRound(string shardId, RawBlockPool pool)
    {
        // A field, not a property: Bytes reads it with Volatile from other threads.
        public long Bytes;
        private byte[]? _block;
        private int _used;
        // The raw key template hands out one string per partition folder (from its cache): found by reference, a
        // folder is not hashed per record. Folders it does not cache are new strings each time, hence the bound.
        private const int MaxFolderInstances = 4096;
        private readonly Dictionary<string, PartitionRound> _byInstance = new(ReferenceEqualityComparer.Instance);
        private Sequence? _last;

        public string ShardId { get; } = shardId;

        public Dictionary<string, PartitionRound> Partitions { get; } = new(StringComparer.Ordinal);

        /// <summary>The pooled blocks this shard's lines are in.</summary>
        public List<byte[]> Blocks { get; } = [];

        /// <summary>
        /// Whether <paramref name="record"/> is past everything this shard buffered in the round: the records of a
        /// retried or bisected batch that were archived on the first attempt are not buffered twice.
        /// </summary>
        public bool IsNew(StreamRecord record) => _last is not { } last || last.CompareTo(record) < 0;

        /// <summary>Copies one record (and its line end) into its partition (the record's own bytes, in <paramref name="line"/>).</summary>
        public void Add(string folder, StreamRecord record, ReadOnlySpan<byte> line)
        {
            var sequence = new Sequence(record);
            if (!_byInstance.TryGetValue(folder, out var partition))
            {
                if (!Partitions.TryGetValue(folder, out partition))
                {
                    partition = new PartitionRound(sequence);
                    Partitions.Add(folder, partition);
                }

                if (_byInstance.Count < MaxFolderInstances)
                {
                    _byInstance.Add(folder, partition);
                }
            }

            partition.Lines.Add(Append(line));
            partition.Bytes += line.Length + 1;
            Volatile.Write(ref Bytes, Bytes + line.Length + 1);
            _last = sequence;
        }

        /// <summary>Copies a record and a line end into the shard's current block (a fresh array when it is larger than a block).</summary>
        private ReadOnlyMemory<byte> Append(ReadOnlySpan<byte> record)
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

    /// <summary>
    /// A record's sequence number as the stream gave it: the embedded stream's counter (its string is made only for a
    /// raw object's name) or a decimal string.
    /// </summary>
    internal readonly struct Sequence(StreamRecord record)
    {
        private readonly long _local = record.LocalSequence;
        private readonly string? _text = record.LocalSequence > 0 ? null : record.SequenceNumber;

        public string Text => _text ?? SequenceNumbers.Format(_local);

        /// <summary>Orders this before or after a record's sequence number (Kinesis' vary in length; the embedded stream's are zero-padded).</summary>
        public int CompareTo(StreamRecord record)
        {
            if (_local > 0 && record.LocalSequence > 0)
            {
                return _local.CompareTo(record.LocalSequence);
            }

            var a = Text;
            var b = record.SequenceNumber;
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        }
    }
}
