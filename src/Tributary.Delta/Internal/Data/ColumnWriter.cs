using Parquet;
using Parquet.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>Writes a slice of one <see cref="DeltaBatch"/> column into a Parquet row group.</summary>
internal static class ColumnWriter
{
    public static async Task WriteAsync(ParquetRowGroupWriter writer, ShredNode column, Array values, int start, int count, CancellationToken cancellationToken)
    {
        if (column.Leaf is { } leaf)
        {
            await WriteFlatAsync(writer, column, leaf, values, start, count, cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffers = ValueShredder.Shred(column, (object?[])values, start, count);
        foreach (var node in column.Leaves())
        {
            var buffer = buffers[node];
            var definitions = buffer.Definitions.ToArray();
            var repetitions = node.Repetition > 0 ? buffer.Repetitions.ToArray() : null;
            await WriteLeafAsync(writer, node, buffer.Values, definitions, repetitions, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteFlatAsync(ParquetRowGroupWriter writer, ShredNode node, DataField leaf, Array values, int start, int count, CancellationToken ct) => values switch
    {
        long?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        int?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        double?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        DateTimeOffset?[] a => Packed(writer, node, leaf, a, start, count, static v => Timestamps.ToParquet(v.GetValueOrDefault()), ct),
        decimal?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        bool?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        DateOnly?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        short?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        sbyte?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        float?[] a => Packed(writer, node, leaf, a, start, count, static v => v.GetValueOrDefault(), ct),
        string?[] a => Packed(writer, node, leaf, a, start, count, static v => v!.AsMemory(), ct),
        byte[]?[] a => Packed(writer, node, leaf, a, start, count, static v => (ReadOnlyMemory<byte>)v!, ct),
        _ => throw new InvalidOperationException($"Unsupported column array {values.GetType().Name}."),
    };

    // TElement is the column's element type (a Nullable<T> or a reference type); null elements become definition 0.
    private static Task Packed<TElement, TOut>(ParquetRowGroupWriter writer, ShredNode node, DataField leaf, TElement[] values, int start, int count, Func<TElement, TOut> map, CancellationToken ct)
        where TOut : struct
    {
        var packed = new TOut[count];
        var definitions = node.Optional ? new int[count] : null;
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            var value = values[start + i];
            if (value is not null)
            {
                packed[n++] = map(value);
                if (definitions is not null)
                {
                    definitions[i] = 1;
                }
            }
            else if (definitions is null)
            {
                throw new DeltaSchemaException($"Column '{node.Name}' is not nullable but row {i} is null.");
            }
        }

        // Parquet.Net counts rows from definition levels, so required columns go through the plain overload.
        return definitions is null
            ? writer.WriteAsync<TOut>(leaf, packed.AsMemory(0, n), null, null!, ct)
            : writer.WriteAllPartsAsync<TOut>(leaf, packed.AsMemory(0, n), definitions, null, ct);
    }

    private static Task WriteLeafAsync(ParquetRowGroupWriter writer, ShredNode node, List<object> values, int[] definitions, int[]? repetitions, CancellationToken ct)
    {
        var leaf = node.Leaf!;
        var clr = leaf.ClrType;
        ReadOnlyMemory<int>? defs = definitions;
        ReadOnlyMemory<int>? reps = repetitions is null ? null : repetitions;
        return clr switch
        {
            _ when clr == typeof(long) => Leaf(writer, leaf, values, v => (long)v, defs, reps, ct),
            _ when clr == typeof(int) => Leaf(writer, leaf, values, v => (int)v, defs, reps, ct),
            _ when clr == typeof(short) => Leaf(writer, leaf, values, v => (short)v, defs, reps, ct),
            _ when clr == typeof(sbyte) => Leaf(writer, leaf, values, v => (sbyte)v, defs, reps, ct),
            _ when clr == typeof(bool) => Leaf(writer, leaf, values, v => (bool)v, defs, reps, ct),
            _ when clr == typeof(float) => Leaf(writer, leaf, values, v => (float)v, defs, reps, ct),
            _ when clr == typeof(double) => Leaf(writer, leaf, values, v => (double)v, defs, reps, ct),
            _ when clr == typeof(decimal) => Leaf(writer, leaf, values, v => (decimal)v, defs, reps, ct),
            _ when clr == typeof(DateOnly) => Leaf(writer, leaf, values, v => (DateOnly)v, defs, reps, ct),
            _ when clr == typeof(DateTime) => Leaf(writer, leaf, values, v => Timestamps.ToParquet((DateTimeOffset)v), defs, reps, ct),
            _ when clr == typeof(ReadOnlyMemory<char>) => Leaf(writer, leaf, values, v => ((string)v).AsMemory(), defs, reps, ct),
            _ when clr == typeof(ReadOnlyMemory<byte>) => Leaf(writer, leaf, values, v => (ReadOnlyMemory<byte>)(byte[])v, defs, reps, ct),
            _ => throw new InvalidOperationException($"Unsupported Parquet leaf type {clr.Name} for '{leaf.Path}'."),
        };
    }

    private static Task Leaf<T>(ParquetRowGroupWriter writer, DataField leaf, List<object> values, Func<object, T> map, ReadOnlyMemory<int>? definitions, ReadOnlyMemory<int>? repetitions, CancellationToken ct)
        where T : struct
    {
        var packed = new T[values.Count];
        for (var i = 0; i < packed.Length; i++)
        {
            packed[i] = map(values[i]);
        }

        return writer.WriteAllPartsAsync<T>(leaf, packed, definitions, repetitions, ct);
    }
}
