using System.Buffers;

namespace Tributary.Delivery.Internal;

/// <summary>
/// One optional Parquet column of a row group, as the native writer takes it: a definition level per row (1 for a
/// value, 0 for null) and the values of the non-null rows only. The arrays are rented and given back by
/// <see cref="Dispose"/>.
/// </summary>
internal sealed class OptionalColumn<T>(int capacity) : IDisposable
    where T : unmanaged
{
    private short[] _levels = RentLevels(capacity);
    private T[] _values = ArrayPool<T>.Shared.Rent(capacity);

    /// <summary>The definition levels of the rows so far (0 for rows before the column was first seen).</summary>
    public ReadOnlySpan<short> Levels(int rows) => _levels.AsSpan(0, rows);

    /// <summary>The non-null values so far, in row order.</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>Sets the value of <paramref name="row"/>, the last row so far; a second value for it replaces the first.</summary>
    public void Set(int row, T value)
    {
        if (_levels[row] == 1)
        {
            _values[Count - 1] = value;
            return;
        }

        _levels[row] = 1;
        _values[Count++] = value;
    }

    /// <summary>The most rows the column holds before it must grow.</summary>
    public int Capacity => Math.Min(_levels.Length, _values.Length);

    /// <summary>Makes room for <paramref name="rows"/> rows, keeping the rows so far.</summary>
    public void EnsureCapacity(int rows)
    {
        if (rows <= Capacity)
        {
            return;
        }

        var size = Math.Max(rows, _levels.Length * 2);
        var levels = RentLevels(size);
        _levels.CopyTo(levels, 0);
        ArrayPool<short>.Shared.Return(_levels);
        _levels = levels;
        var values = ArrayPool<T>.Shared.Rent(size);
        _values.AsSpan(0, Count).CopyTo(values);
        ArrayPool<T>.Shared.Return(_values);
        _values = values;
    }

    /// <summary>Forgets the values of rows <paramref name="firstRow"/> to <paramref name="rows"/> (excluded), the last ones so far.</summary>
    public void Truncate(int firstRow, int rows)
    {
        var levels = _levels.AsSpan(firstRow, rows - firstRow);
        Count -= levels.Count((short)1);
        levels.Clear();
    }

    /// <summary>Empties the column for the next row group of <paramref name="rows"/> rows at most.</summary>
    public void Clear(int rows)
    {
        _levels.AsSpan(0, rows).Clear();
        Count = 0;
    }

    public void Dispose()
    {
        ArrayPool<short>.Shared.Return(_levels);
        ArrayPool<T>.Shared.Return(_values);
        _levels = [];
        _values = [];
    }

    private static short[] RentLevels(int capacity)
    {
        var levels = ArrayPool<short>.Shared.Rent(capacity);
        levels.AsSpan().Clear();
        return levels;
    }
}
