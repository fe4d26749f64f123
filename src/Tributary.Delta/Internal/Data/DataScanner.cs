using System.Runtime.CompilerServices;
using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>Reads a snapshot's data: prunes files by partition values and stats, reads and filters rows.</summary>
internal static class DataScanner
{
    public static IReadOnlyDictionary<string, object?> TypedPartitionValues(AddFile add, StructType schema, IReadOnlyList<string> partitionColumns)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in partitionColumns)
        {
            var field = DeltaPredicate.Resolve(schema, column);
            string? text = null;
            if (add.PartitionValues is { } values && !values.TryGetValue(field.Name, out text))
            {
                text = values.FirstOrDefault(p => string.Equals(p.Key, field.Name, StringComparison.OrdinalIgnoreCase)).Value;
            }

            try
            {
                result[field.Name] = PartitionValues.Parse(field.Type, text);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new DeltaException($"File '{add.Path}': partition value '{text}' of column '{field.Name}' is not a valid {ColumnTypes.Describe(field.Type)}.", e);
            }
        }

        return result;
    }

    public static IReadOnlyList<DeltaScanFile> Files(IEnumerable<AddFile> adds, StructType schema, IReadOnlyList<string> partitionColumns, DeltaPredicate? filter)
    {
        var bound = filter?.Bind(schema);
        var result = new List<DeltaScanFile>();
        foreach (var add in adds)
        {
            var values = TypedPartitionValues(add, schema, partitionColumns);
            if (bound is not null && !bound.MayMatch(new FileBounds(add, schema, partitionColumns, values)))
            {
                continue;
            }

            result.Add(new DeltaScanFile(PartitionValues.DecodeLogPath(add.Path), values, add));
        }

        return result;
    }

    public static async IAsyncEnumerable<DeltaBatch> ReadAsync(
        IDeltaStorage storage,
        StructType schema,
        IReadOnlyList<string> partitionColumns,
        IEnumerable<AddFile> adds,
        DeltaReadOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = options?.Filter?.Bind(schema);
        var output = options?.Columns is { } names
            ? new StructType(names.Select(n => DeltaPredicate.Resolve(schema, n)).ToList())
            : schema;
        var readSchema = output;
        if (filter is not null)
        {
            var extra = filter.Columns.Select(c => DeltaPredicate.Resolve(schema, c)).Where(f => output.Find(f.Name) is null).Distinct().ToList();
            if (extra.Count > 0)
            {
                readSchema = new StructType([.. output.Fields, .. extra]);
            }
        }

        foreach (var file in Files(adds, schema, partitionColumns, filter))
        {
            await foreach (var batch in DataFileReader.ReadAsync(storage, file.Path, readSchema, file.PartitionValues, cancellationToken).ConfigureAwait(false))
            {
                var result = batch;
                if (filter is not null)
                {
                    var keep = RowFilter.Matching(batch, filter);
                    if (keep.Count == 0)
                    {
                        continue;
                    }

                    if (keep.Count != batch.RowCount)
                    {
                        result = batch.Take(keep);
                    }
                }

                if (!ReferenceEquals(readSchema, output))
                {
                    result = new DeltaBatch(output, result.Columns.Take(output.Fields.Count).ToArray(), result.RowCount);
                }

                if (result.RowCount > 0)
                {
                    yield return result;
                }
            }
        }
    }
}
