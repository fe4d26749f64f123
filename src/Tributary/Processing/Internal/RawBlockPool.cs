namespace Tributary.Processing.Internal;

/// <summary>
/// Large blocks the raw round copies records into, kept between rounds. A round's records used to stay in the stream's
/// read pages until the flush; those pages outlived many gen0 collections and were promoted and copied by the GC. Blocks
/// taken from here live as long as the handler, in the large object heap, where the GC never moves them. The lists
/// naming each partition's lines in the blocks are kept too, so a round allocates nothing per record.
/// </summary>
internal sealed class RawBlockPool(int blockSize, int maxKept)
{
    private const int MaxKeptLineLists = 16_384;

    // A list this long names a partition of more than a round's worth of small records; it is let go rather than kept.
    private const int MaxKeptLineListCapacity = 1 << 16;
    private readonly Stack<byte[]> _free = new();
    private readonly Stack<List<ReadOnlyMemory<byte>>> _lineLists = new();

    public int BlockSize { get; } = blockSize;

    public byte[] Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var block))
            {
                return block;
            }
        }

        return GC.AllocateUninitializedArray<byte>(BlockSize);
    }

    public void Return(byte[] block)
    {
        lock (_free)
        {
            if (block.Length == BlockSize && _free.Count < maxKept)
            {
                _free.Push(block);
            }
        }
    }

    /// <summary>An empty list for a partition's lines.</summary>
    public List<ReadOnlyMemory<byte>> RentLines()
    {
        lock (_lineLists)
        {
            if (_lineLists.TryPop(out var lines))
            {
                return lines;
            }
        }

        return [];
    }

    /// <summary>Takes back a list from <see cref="RentLines"/> once its lines are written.</summary>
    public void ReturnLines(List<ReadOnlyMemory<byte>> lines)
    {
        if (lines.Capacity > MaxKeptLineListCapacity)
        {
            return;
        }

        lines.Clear();
        lock (_lineLists)
        {
            if (_lineLists.Count < MaxKeptLineLists)
            {
                _lineLists.Push(lines);
            }
        }
    }
}
