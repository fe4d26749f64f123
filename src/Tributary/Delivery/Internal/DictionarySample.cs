using System.Buffers.Binary;
using System.Numerics;
using ParquetSharp;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Decides from a text column's first values whether dictionary encoding would pay for itself: it does unless more
/// than half of them are distinct. The values' hashes go into a small open-addressing set on the caller's stack, and
/// the count stops as soon as the answer is known (after just over half the sample either way): a decision per
/// column per staging object costs no allocation and no sort.
/// </summary>
internal ref struct DictionarySample
{
    /// <summary>How many first values decide.</summary>
    public const int SampleSize = 1000;

    /// <summary>The slots a sample needs (a power of two, at least twice <see cref="SampleSize"/>).</summary>
    public const int Slots = 2048;

    /// <summary>Fewer values than this cannot decide: the dictionary is kept.</summary>
    private const int MinimumSample = 16;

    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private readonly Span<ulong> _slots;
    private readonly int _size;
    private int _distinct;
    private int _repeated;

    /// <summary>A sample of the first <paramref name="values"/> values of a column (at most <see cref="SampleSize"/>).</summary>
    /// <param name="slots"><see cref="Slots"/> slots, cleared here.</param>
    /// <param name="values">How many non-null values the column has.</param>
    public DictionarySample(Span<ulong> slots, long values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(slots.Length, Slots);
        slots.Clear();
        _slots = slots;
        _size = (int)Math.Min(values, SampleSize);
    }

    /// <summary>Whether the values so far decide.</summary>
    public readonly bool IsDecided => _size < MinimumSample || _distinct * 2 > _size || _repeated * 2 >= _size;

    /// <summary>Whether more than half of the sample's values are distinct (decided once <see cref="IsDecided"/>).</summary>
    public readonly bool IsMostlyDistinct => _size >= MinimumSample && _distinct * 2 > _size;

    /// <summary>Adds the next values of the column, as many as the decision needs.</summary>
    public void Add(ReadOnlySpan<ByteArray> values)
    {
        foreach (var value in values)
        {
            if (IsDecided)
            {
                return;
            }

            Add(Hash(value));
        }
    }

    private void Add(ulong hash)
    {
        hash = hash == 0 ? 1 : hash; // 0 marks an empty slot
        var mask = Slots - 1;
        for (var slot = (int)(hash >> 53) & mask; ; slot = (slot + 1) & mask)
        {
            if (_slots[slot] == 0)
            {
                _slots[slot] = hash;
                _distinct++;
                return;
            }

            if (_slots[slot] == hash)
            {
                _repeated++;
                return;
            }
        }
    }

    /// <summary>A 64-bit hash of the value's bytes, eight at a time: close enough to count distinct values.</summary>
    private static unsafe ulong Hash(ByteArray value)
    {
        var bytes = new ReadOnlySpan<byte>((void*)value.Pointer, value.Length);
        var hash = (ulong)bytes.Length * Multiplier;
        for (; bytes.Length >= 8; bytes = bytes[8..])
        {
            hash = Mix(hash ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        return Mix(hash ^ tail ^ 0x5555);
    }

    private static ulong Mix(ulong hash)
    {
        hash *= Multiplier;
        return hash ^ BitOperations.RotateRight(hash, 29);
    }
}
