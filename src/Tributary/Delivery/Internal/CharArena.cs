using System.Collections.Concurrent;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Hands out slices of large char blocks so that a row group's string values cost no allocation each.
/// <see cref="Reset"/> starts new blocks rather than reusing old ones, because the Parquet writer may still hold
/// slices (column statistics) until the file is finished; <see cref="Dispose"/>, once the file is written, gives every
/// block back to a small shared pool, so that the next file reuses them instead of allocating large-object-heap
/// arrays (which only a full collection frees).
/// </summary>
internal sealed class CharArena : IDisposable
{
    private const int BlockSize = 1 << 20;
    private const int MaxPooledBlocks = 32;
    private static readonly ConcurrentBag<char[]> Pool = [];

    private readonly List<char[]> _blocks = [];
    private readonly List<char[]> _retired = [];
    private int _block = -1;
    private int _used;

    /// <summary>Returns room for at least <paramref name="length"/> chars; commit what was used with <see cref="Commit"/>.</summary>
    public Memory<char> Reserve(int length)
    {
        var block = _block < 0 ? [] : _blocks[_block];
        if (block.Length - _used < length)
        {
            _block++;
            _used = 0;
            if (_block == _blocks.Count || _blocks[_block].Length < length)
            {
                _blocks.Insert(_block, length <= BlockSize && Pool.TryTake(out var pooled) ? pooled : new char[Math.Max(BlockSize, length)]);
            }

            block = _blocks[_block];
        }

        return block.AsMemory(_used, block.Length - _used);
    }

    public ReadOnlyMemory<char> Commit(Memory<char> reserved, int length)
    {
        _used += length;
        return reserved[..length];
    }

    public void Reset()
    {
        _retired.AddRange(_blocks);
        _blocks.Clear();
        _block = -1;
        _used = 0;
    }

    /// <summary>Gives the blocks back to the pool: only once nothing refers to the slices handed out.</summary>
    public void Dispose()
    {
        Reset();
        foreach (var block in _retired)
        {
            if (block.Length == BlockSize && Pool.Count < MaxPooledBlocks)
            {
                Pool.Add(block);
            }
        }

        _retired.Clear();
    }
}
