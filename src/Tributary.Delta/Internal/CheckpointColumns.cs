using System.Globalization;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Tributary.Delta.Internal;

/// <summary>
/// The leaf columns of one checkpoint row group, read column by column (dense values plus definition and
/// repetition levels) and exposed per row. Missing columns read as null. This is much faster than assembling
/// row objects for checkpoints with many thousands of files.
/// </summary>
internal sealed class CheckpointColumns
{
    private readonly ParquetRowGroupReader _rowGroup;
    private readonly Dictionary<string, DataField> _fields;

    public CheckpointColumns(ParquetReader reader, int rowGroup)
    {
        _rowGroup = reader.OpenRowGroupReader(rowGroup);
        _fields = reader.Schema.GetDataFields().ToDictionary(f => f.Path.ToString(), StringComparer.Ordinal);
        RowCount = checked((int)_rowGroup.RowCount);
    }

    public int RowCount { get; }

    public bool Has(string path) => _fields.ContainsKey(path);

    public Task<Leaf<string>> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        ReadLeafAsync(path, static (RawColumnData raw, int i) => raw switch
        {
            RawColumnData<ReadOnlyMemory<char>> text => new string(text.Values[i].Span),
            _ => Value(raw, i).ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);

    public Task<Leaf<long>> ReadLongAsync(string path, CancellationToken cancellationToken) =>
        ReadLeafAsync(path, static (RawColumnData raw, int i) => Value(raw, i), cancellationToken);

    public Task<Leaf<bool>> ReadBoolAsync(string path, CancellationToken cancellationToken) =>
        ReadLeafAsync(path, static (RawColumnData raw, int i) => ((RawColumnData<bool>)raw).Values[i], cancellationToken);

    /// <summary>A list or map leaf: per row, the entries (null entries kept), or null when the collection is null.</summary>
    public async Task<List<string?>?[]> ReadRepeatedAsync(string path, CancellationToken cancellationToken)
    {
        var rows = new List<string?>?[RowCount];
        if (!_fields.TryGetValue(path, out var field))
        {
            return rows;
        }

        using var raw = await _rowGroup.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        Fill(raw, field, rows);
        return rows;
    }

    private static void Fill(RawColumnData raw, DataField field, List<string?>?[] rows)
    {
        var values = ((RawColumnData<ReadOnlyMemory<char>>)raw).Values;
        var definitions = raw.DefinitionLevels;
        var repetitions = raw.RepetitionLevels;
        // An entry exists at the repeated group's level; the collection itself is one level above.
        var entryLevel = field.MaxDefinitionLevel - (field.IsNullable ? 1 : 0);
        var row = -1;
        var next = 0;
        for (var i = 0; i < definitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                row++;
                rows[row] = definitions[i] >= entryLevel - 1 ? [] : null;
            }

            if (definitions[i] >= entryLevel)
            {
                rows[row]!.Add(definitions[i] == field.MaxDefinitionLevel ? new string(values[next++].Span) : null);
            }
        }
    }

    private async Task<Leaf<T>> ReadLeafAsync<T>(string path, Func<RawColumnData, int, T> value, CancellationToken cancellationToken)
    {
        if (!_fields.TryGetValue(path, out var field))
        {
            return new Leaf<T>(null, null, int.MaxValue);
        }

        using var raw = await _rowGroup.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        return Materialise(raw, field.MaxDefinitionLevel, RowCount, value);
    }

    private static Leaf<T> Materialise<T>(RawColumnData raw, int maxLevel, int rowCount, Func<RawColumnData, int, T> value)
    {
        var levels = new byte[rowCount];
        var values = new T[rowCount];
        if (maxLevel == 0)
        {
            for (var row = 0; row < rowCount; row++)
            {
                values[row] = value(raw, row);
            }

            return new Leaf<T>(values, levels, 0);
        }

        var definitions = raw.DefinitionLevels;
        var next = 0;
        for (var row = 0; row < rowCount; row++)
        {
            levels[row] = (byte)definitions[row];
            if (definitions[row] == maxLevel)
            {
                values[row] = value(raw, next++);
            }
        }

        return new Leaf<T>(values, levels, maxLevel);
    }

    private static long Value(RawColumnData raw, int i) => raw switch
    {
        RawColumnData<long> longs => longs.Values[i],
        RawColumnData<int> ints => ints.Values[i],
        _ => throw new InvalidDataException($"expected an integer column, found {raw.GetType().Name}"),
    };

    /// <summary>Per-row values and definition levels of a non-repeated leaf; a missing column has no arrays.</summary>
    internal readonly record struct Leaf<T>(T[]? Values, byte[]? Levels, int MaxLevel)
    {
        /// <summary>Whether the row has a non-null value.</summary>
        public bool HasValue(int row) => Levels is not null && Levels[row] == MaxLevel;

        /// <summary>Whether the enclosing top-level struct (definition level 1) is present in the row.</summary>
        public bool StructPresent(int row) => Levels is not null && Levels[row] >= 1;

        /// <summary>The value, or the default when null or missing.</summary>
        public T? Get(int row) => HasValue(row) ? Values![row] : default;

        /// <summary>Whether any row has the enclosing top-level struct.</summary>
        public bool AnyStruct() => Levels is not null && Levels.AsSpan().IndexOfAnyExcept((byte)0) >= 0;
    }
}
