namespace Tributary.Processing.Internal;

/// <summary>
/// Chunks the raw round copies records into, kept between rounds. A round's records used to stay in the stream's
/// read pages until the flush; those pages outlived many gen0 collections and were promoted and copied by the GC. Chunks
/// taken from here live as long as the handler, in the pinned object heap, where the GC never moves them.
/// </summary>
internal sealed class RawBlockPool(int blockSize, int maxKept)
{
    private readonly Stack<byte[]> _free = new();

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

        return GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
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
}
