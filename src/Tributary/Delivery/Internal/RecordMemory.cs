namespace Tributary.Delivery.Internal;

/// <summary>
/// The bytes of the records of one buffer, copied into pooled pinned blocks instead of one array each: a buffer of
/// thousands of records would otherwise be thousands of arrays that outlive several garbage collections and are
/// copied by each. Pinned, so the in-process transform gives their values to the native Parquet writer by address.
/// The memory goes with the buffer's records to their delivery, and back to the pool once they are delivered.
/// </summary>
internal sealed class RecordMemory : IDisposable
{
    private readonly List<PinnedByteArena> _arenas = [new()];

    /// <summary>Copies a record in; the copy stays valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Add(ReadOnlySpan<byte> record) => _arenas[^1].Hold(record);

    /// <summary>Takes over the memory of <paramref name="other"/> (records given back after a failed delivery).</summary>
    public void Adopt(RecordMemory other)
    {
        _arenas.InsertRange(0, other._arenas);
        other._arenas.Clear();
    }

    /// <summary>Gives the blocks back to the pool: only once no record of this memory is used any more.</summary>
    public void Dispose()
    {
        foreach (var arena in _arenas)
        {
            arena.Dispose();
        }

        _arenas.Clear();
    }
}
