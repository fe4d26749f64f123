using System.Runtime.CompilerServices;
using System.Text;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Reads one data file as batches (one per row group) in the shape of a requested schema: columns matched by name
/// (ignoring case), columns the file lacks read as null, partition columns filled from the add's values.
/// </summary>
internal static class DataFileReader
{
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = false };

    public static async IAsyncEnumerable<DeltaBatch> ReadAsync(
        IDeltaStorage storage,
        string path,
        StructType schema,
        IReadOnlyDictionary<string, object?> partitionValues,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await storage.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new DeltaException($"Data file '{path}' of table '{storage.Location}' is missing (was it vacuumed?).", e);
        }

        await using (stream.ConfigureAwait(false))
        {
            var seekable = stream;
            if (!stream.CanSeek)
            {
                seekable = new MemoryStream();
                await stream.CopyToAsync(seekable, cancellationToken).ConfigureAwait(false);
                seekable.Position = 0;
            }

            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(seekable, Options, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
            {
                throw new DeltaException($"Data file '{path}' of table '{storage.Location}' is not a readable Parquet file: {e.Message}", e);
            }

            await using (reader.ConfigureAwait(false))
            {
                var roots = FileNode.Build(reader.Metadata!.Schema, reader.Schema.GetDataFields(), path);
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var rowGroup = reader.OpenRowGroupReader(g);
                    var rows = checked((int)rowGroup.RowCount);
                    var columns = new Array[schema.Fields.Count];
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var field = schema.Fields[c];
                        if (TryGetPartition(partitionValues, field.Name, out var partitionValue))
                        {
                            columns[c] = Constant(field.Type, partitionValue, rows);
                            continue;
                        }

                        var node = roots.FirstOrDefault(r => r.Name == field.Name)
                            ?? roots.FirstOrDefault(r => string.Equals(r.Name, field.Name, StringComparison.OrdinalIgnoreCase));
                        try
                        {
                            columns[c] = node is null
                                ? ColumnTypes.CreateColumn(field.Type, rows)
                                : await ReadColumnAsync(rowGroup, node, field.Type, rows, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is not DeltaException and not OperationCanceledException)
                        {
                            throw new DeltaException($"Data file '{path}', row group {g}: cannot read column '{field.Name}' as {ColumnTypes.Describe(field.Type)}: {e.Message}", e);
                        }
                    }

                    yield return new DeltaBatch(schema, columns, rows);
                }
            }
        }
    }

    private static bool TryGetPartition(IReadOnlyDictionary<string, object?> partitionValues, string name, out object? value)
    {
        if (partitionValues.Count == 0)
        {
            value = null;
            return false;
        }

        if (partitionValues.TryGetValue(name, out value))
        {
            return true;
        }

        foreach (var pair in partitionValues)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = pair.Value;
                return true;
            }
        }

        return false;
    }

    public static Array Constant(DeltaType type, object? value, int rows)
    {
        var column = ColumnTypes.CreateColumn(type, rows);
        if (value is null)
        {
            return column;
        }

        switch (column)
        {
            case string?[] a: Array.Fill(a, (string)value); break;
            case long?[] a: Array.Fill(a, (long)value); break;
            case int?[] a: Array.Fill(a, (int)value); break;
            case short?[] a: Array.Fill(a, (short)value); break;
            case sbyte?[] a: Array.Fill(a, (sbyte)value); break;
            case bool?[] a: Array.Fill(a, (bool)value); break;
            case float?[] a: Array.Fill(a, (float)value); break;
            case double?[] a: Array.Fill(a, (double)value); break;
            case decimal?[] a: Array.Fill(a, (decimal)value); break;
            case DateOnly?[] a: Array.Fill(a, (DateOnly)value); break;
            case DateTimeOffset?[] a: Array.Fill(a, (DateTimeOffset)value); break;
            case byte[]?[] a: Array.Fill(a, (byte[])value); break;
            default:
                for (var i = 0; i < rows; i++)
                {
                    column.SetValue(value, i);
                }

                break;
        }

        return column;
    }

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader rowGroup, FileNode node, DeltaType type, int rows, CancellationToken cancellationToken)
    {
        if (node.IsLeaf && node.RepetitionLevel == 0 && ColumnTypes.IsPrimitive(type))
        {
            using var raw = await rowGroup.ReadRawColumnDataBaseAsync(node.Leaf!, cancellationToken).ConfigureAwait(false);
            var flat = FlatColumn(raw, node, type, rows);
            if (flat is not null)
            {
                return flat;
            }
        }

        var cursors = new Dictionary<FileNode, LeafCursor>();
        foreach (var leaf in node.Leaves())
        {
            using var raw = await rowGroup.ReadRawColumnDataBaseAsync(leaf.Leaf!, cancellationToken).ConfigureAwait(false);
            cursors[leaf] = Cursor(raw, leaf);
        }

        var assembler = new NestedAssembler(cursors);
        var column = ColumnTypes.CreateColumn(type, rows);
        for (var row = 0; row < rows; row++)
        {
            column.SetValue(assembler.Read(node, type), row);
        }

        return column;
    }

    /// <summary>Typed, boxing-free conversion of a flat column; null when the file's type needs the generic path.</summary>
    private static Array? FlatColumn(RawColumnData raw, FileNode node, DeltaType type, int rows)
    {
        var hasDefinitions = node.Definition > 0;
        var max = node.Definition;
        var name = type is PrimitiveType p ? p.Name : "decimal";
        return (raw, name) switch
        {
            (RawColumnData<long> r, "long") => Flat(r, raw, rows, hasDefinitions, max, static v => (long?)v),
            (RawColumnData<int> r, "integer") => Flat(r, raw, rows, hasDefinitions, max, static v => (int?)v),
            (RawColumnData<short> r, "short") => Flat(r, raw, rows, hasDefinitions, max, static v => (short?)v),
            (RawColumnData<sbyte> r, "byte") => Flat(r, raw, rows, hasDefinitions, max, static v => (sbyte?)v),
            (RawColumnData<bool> r, "boolean") => Flat(r, raw, rows, hasDefinitions, max, static v => (bool?)v),
            (RawColumnData<float> r, "float") => Flat(r, raw, rows, hasDefinitions, max, static v => (float?)v),
            (RawColumnData<double> r, "double") => Flat(r, raw, rows, hasDefinitions, max, static v => (double?)v),
            (RawColumnData<decimal> r, "decimal") => Flat(r, raw, rows, hasDefinitions, max, v => (decimal?)Decimals.WithScale(v, ((DecimalType)type).Scale)),
            (RawColumnData<DateOnly> r, "date") => Flat(r, raw, rows, hasDefinitions, max, static v => (DateOnly?)v),
            (RawColumnData<DateTime> r, "timestamp") => Flat(r, raw, rows, hasDefinitions, max, static v => (DateTimeOffset?)Timestamps.FromParquet(v)),
            (RawColumnData<ReadOnlyMemory<char>> r, "string") => Flat(r, raw, rows, hasDefinitions, max, static v => v.ToString()),
            (RawColumnData<ReadOnlyMemory<byte>> r, "binary") => Flat(r, raw, rows, hasDefinitions, max, static v => v.ToArray()),
            (RawColumnData<ReadOnlyMemory<byte>> r, "string") => Flat(r, raw, rows, hasDefinitions, max, static v => Encoding.UTF8.GetString(v.Span)),
            _ => null,
        };
    }

    // TElement is the column's element type: a Nullable<T> for value columns, a reference type otherwise.
    private static TElement?[] Flat<T, TElement>(RawColumnData<T> typed, RawColumnData raw, int rows, bool hasDefinitions, int max, Func<T, TElement> map)
        where T : struct
    {
        var result = new TElement?[rows];
        var values = typed.Values;
        if (!hasDefinitions)
        {
            for (var i = 0; i < rows; i++)
            {
                result[i] = map(values[i]);
            }

            return result;
        }

        var definitions = raw.DefinitionLevels;
        var v = 0;
        for (var i = 0; i < rows; i++)
        {
            if (definitions[i] == max)
            {
                result[i] = map(values[v++]);
            }
        }

        return result;
    }

    private static LeafCursor Cursor(RawColumnData raw, FileNode leaf)
    {
        var definitions = leaf.Definition > 0 ? raw.DefinitionLevels.ToArray() : null;
        var repetitions = leaf.RepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : null;
        var values = raw switch
        {
            RawColumnData<long> r => Box(r.Values),
            RawColumnData<int> r => Box(r.Values),
            RawColumnData<short> r => Box(r.Values),
            RawColumnData<sbyte> r => Box(r.Values),
            RawColumnData<byte> r => Box(r.Values),
            RawColumnData<bool> r => Box(r.Values),
            RawColumnData<float> r => Box(r.Values),
            RawColumnData<double> r => Box(r.Values),
            RawColumnData<decimal> r => Box(r.Values),
            RawColumnData<DateOnly> r => Box(r.Values),
            RawColumnData<DateTime> r => Map(r.Values, static v => Timestamps.FromParquet(v)),
            RawColumnData<ReadOnlyMemory<char>> r => Map(r.Values, static v => v.ToString()),
            RawColumnData<ReadOnlyMemory<byte>> r => Map(r.Values, static v => v.ToArray()),
            _ => throw new DeltaException($"Unsupported Parquet value type {raw.GetType().Name} in column '{leaf.Name}'."),
        };
        var entries = definitions?.Length ?? values.Length;
        return new LeafCursor(leaf, values, definitions, repetitions, entries);
    }

    private static object?[] Box<T>(Span<T> values)
        where T : struct
    {
        var result = new object?[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static object?[] Map<T>(Span<T> values, Func<T, object> map)
        where T : struct
    {
        var result = new object?[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = map(values[i]);
        }

        return result;
    }
}
