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
/// exactly one raw object. Records are copied as they arrive (the caller's buffers can be reused or collected right
/// away) into their partition's own chain of pooled chunks, so an object's content lies in a few large pieces: its
/// write is one <c>writev</c> of a handful of parts, and no list of lines is kept per record.
/// </summary>
internal sealed class RawRoundBuffer
{
    // 32 KiB chunks: a partition wastes at most part of one, and a default round (4 shards x about 125 partitions)
    // wastes about 8 MiB; up to 128 MiB of chunks are kept between rounds.
    private const int ChunkSize = 32 * 1024;
    private readonly RawBlockPool _pool = new(ChunkSize, 128 * 1024 * 1024 / ChunkSize);
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
    /// Takes every buffered object (key and content) out of the buffer. The content points into pooled chunks: call
    /// <see cref="Release"/> once it is written.
    /// </summary>
    public RawRound Drain()
    {
        var objects = new List<RawObject>();
        var chunks = new List<byte[]>();
        foreach (var (shardId, shard) in _shards)
        {
            foreach (var (folder, partition) in shard.Partitions)
            {
                objects.Add(new RawObject($"{folder}{shardId}-{partition.FirstSequence.Text}.jsonl", partition.Content(), partition.Bytes));
                chunks.AddRange(partition.Chunks);
            }
        }

        _shards.Clear();
        return new RawRound(objects, chunks);
    }

    /// <summary>Gives a drained round's chunks back to the pool; its objects must not be read afterwards.</summary>
    public void Release(RawRound round)
    {
        foreach (var chunk in round.Blocks)
        {
            _pool.Return(chunk);
        }
    }

    /// <summary>The objects of a drained round and the chunks their content lives in.</summary>
    internal sealed record RawRound(List<RawObject> Objects, List<byte[]> Blocks);

    /// <summary>One raw object to write: its key, its content in order (records, each with its line end) and its size in bytes.</summary>
    internal sealed record RawObject(string Key, ReadOnlyMemory<byte>[] Parts, int Bytes)
    {
        /// <summary>Writes the JSON Lines content into <paramref name="output"/>.</summary>
        public void WriteTo(PooledBufferWriter output)
        {
            foreach (var part in Parts)
            {
                output.Write(part.Span);
            }
        }
    }

    /// <summary>One partition's records in the round, as JSON Lines filling a chain of pooled chunks.</summary>
    internal sealed class PartitionRound(Sequence firstSequence, RawBlockPool pool)
    {
        private byte[]? _chunk;
        private int _used;

        public Sequence FirstSequence { get; } = firstSequence;

        /// <summary>The chunks, in order; all full but the last, which holds <see cref="Bytes"/> minus the rest.</summary>
        public List<byte[]> Chunks { get; } = [];

        public int Bytes { get; private set; }

        /// <summary>Appends one record and its line end.</summary>
        public void Append(ReadOnlySpan<byte> record)
        {
            if (_chunk is { } chunk && record.Length < chunk.Length - _used)
            {
                // The usual case: the record and its line end fit in the current chunk.
                record.CopyTo(chunk.AsSpan(_used));
                chunk[_used + record.Length] = (byte)'\n';
                _used += record.Length + 1;
            }
            else
            {
                Spill(record);
                Spill("\n"u8);
            }

            Bytes += record.Length + 1;
        }

        /// <summary>The content as parts, the last chunk cut to what it holds.</summary>
        public ReadOnlyMemory<byte>[] Content()
        {
            var parts = new ReadOnlyMemory<byte>[Chunks.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = i < parts.Length - 1 ? Chunks[i] : Chunks[i].AsMemory(0, _used);
            }

            return parts;
        }

        /// <summary>Copies bytes across as many chunks as they need (a line may span chunks: the object is one byte stream).</summary>
        private void Spill(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                if (_chunk is null || _used == _chunk.Length)
                {
                    _chunk = pool.Rent();
                    _used = 0;
                    Chunks.Add(_chunk);
                }

                var take = Math.Min(bytes.Length, _chunk.Length - _used);
                bytes[..take].CopyTo(_chunk.AsSpan(_used));
                _used += take;
                bytes = bytes[take..];
            }
        }
    }

    /// <summary>
    /// The records one shard buffered in the round. Callers add a shard's records in sequence order, one thread per
    /// shard at a time.
    /// </summary>
    internal sealed class ShardRound(string shardId, RawBlockPool pool)
    {
        // A field, not a property: Bytes reads it with Volatile from other threads.
        public long Bytes;
        // The raw key template hands out one string per partition folder (from its cache): found by reference, a
        // folder is not hashed per record. Folders it does not cache are new strings each time, hence the bound.
        private const int MaxFolderInstances = 4096;
        private readonly Dictionary<string, PartitionRound> _byInstance = new(ReferenceEqualityComparer.Instance);
        private Sequence? _last;

        public string ShardId { get; } = shardId;

        public Dictionary<string, PartitionRound> Partitions { get; } = new(StringComparer.Ordinal);

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
                    partition = new PartitionRound(sequence, pool);
                    Partitions.Add(folder, partition);
                }

                if (_byInstance.Count < MaxFolderInstances)
                {
                    _byInstance.Add(folder, partition);
                }
            }

            partition.Append(line);
            Volatile.Write(ref Bytes, Bytes + line.Length + 1);
            _last = sequence;
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
