using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Hands out slices of large pinned byte blocks, so that a row group's UTF-8 values can be given to the native
/// Parquet writer by address, without a copy or an allocation each. <see cref="Rewind"/> reuses the blocks for the
/// next row group (the native writer copies what it keeps: encoded pages, dictionary entries, statistics);
/// <see cref="Dispose"/> gives them back to a small shared pool, so that the next file reuses them instead of
/// allocating new pinned arrays.
/// </summary>
internal sealed class PinnedByteArena : IDisposable
{
    private const int BlockSize = 1 << 20;
    private const int MaxPooledBlocks = 32;
    private static readonly ConcurrentBag<byte[]> Pool = [];

    private readonly List<byte[]> _blocks = [];
    private int _block = -1;
    private int _used;

    /// <summary>Returns room for at least <paramref name="length"/> bytes and its address; keep what was used with <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int length, out nint address)
    {
        if (_block < 0 || _blocks[_block].Length - _used < length)
        {
            _block++;
            _used = 0;
            if (_block == _blocks.Count || _blocks[_block].Length < length)
            {
                _blocks.Insert(_block, length <= BlockSize && Pool.TryTake(out var pooled)
                    ? pooled
                    : GC.AllocateUninitializedArray<byte>(Math.Max(BlockSize, length), pinned: true));
            }
        }

        var block = _blocks[_block];
        address = Marshal.UnsafeAddrOfPinnedArrayElement(block, _used);
        return block.AsSpan(_used);
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes of the last reserved room.</summary>
    public void Commit(int length) => _used += length;

    /// <summary>Copies <paramref name="bytes"/> in; returns the copy and its address.</summary>
    public Span<byte> Copy(ReadOnlySpan<byte> bytes, out nint address)
    {
        var room = Reserve(bytes.Length, out address)[..bytes.Length];
        bytes.CopyTo(room);
        Commit(bytes.Length);
        return room;
    }

    /// <summary>Copies <paramref name="bytes"/> in; returns the copy as memory (pinned: addresses into it stay valid).</summary>
    public ReadOnlyMemory<byte> Hold(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length, out _);
        var copy = _blocks[_block].AsMemory(_used, bytes.Length);
        bytes.CopyTo(copy.Span);
        Commit(bytes.Length);
        return copy;
    }

    /// <summary>Starts over at the first block: only once nothing refers to the slices handed out.</summary>
    public void Rewind()
    {
        _block = -1;
        _used = 0;
    }

    public void Dispose()
    {
        foreach (var block in _blocks)
        {
            if (block.Length == BlockSize && Pool.Count < MaxPooledBlocks)
            {
                Pool.Add(block);
            }
        }

        _blocks.Clear();
        Rewind();
    }
}
