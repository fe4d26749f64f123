using Tributary.Delta.Actions;
using Tributary.Delta.Internal.Data;

namespace Tributary.Delta;

/// <summary>Append and overwrite.</summary>
public sealed partial class DeltaTable
{
    /// <summary>Appends rows (a blind append: it never conflicts with other appends).</summary>
    public Task<DeltaWriteResult> AppendAsync(DeltaBatch batch, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return AppendAsync(Single(batch), options, cancellationToken);
    }

    /// <summary>
    /// Appends a stream of batches. Rows are written as they arrive, row group by row group, so memory stays flat
    /// however many rows there are. The first batch's schema decides schema evolution.
    /// </summary>
    public Task<DeltaWriteResult> AppendAsync(IAsyncEnumerable<DeltaBatch> batches, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteNewDataAsync(batches, replace: null, wholeTable: false, options ?? new DeltaWriteOptions(), cancellationToken);

    /// <summary>
    /// Replaces the table's rows with <paramref name="batch"/>: every row when <paramref name="partitionPredicate"/>
    /// is null, or only the partitions the predicate selects (it may name partition columns only, and every new row
    /// must satisfy it).
    /// </summary>
    public Task<DeltaWriteResult> OverwriteAsync(DeltaBatch batch, DeltaPredicate? partitionPredicate = null, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return OverwriteAsync(Single(batch), partitionPredicate, options, cancellationToken);
    }

    /// <summary>Streaming form of <see cref="OverwriteAsync(DeltaBatch, DeltaPredicate?, DeltaWriteOptions?, CancellationToken)"/>.</summary>
    public Task<DeltaWriteResult> OverwriteAsync(IAsyncEnumerable<DeltaBatch> batches, DeltaPredicate? partitionPredicate = null, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteNewDataAsync(batches, partitionPredicate, wholeTable: partitionPredicate is null, options ?? new DeltaWriteOptions(), cancellationToken);

    private async Task<DeltaWriteResult> WriteNewDataAsync(IAsyncEnumerable<DeltaBatch> batches, DeltaPredicate? replace, bool wholeTable, DeltaWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = transaction.ReadSnapshot;
        if (SkipIfRecorded(snapshot, options) is { } skipped)
        {
            return skipped;
        }

        var overwrite = wholeTable || replace is not null;
        DeltaPredicate? bound = null;
        if (replace is not null)
        {
            bound = replace.Bind(snapshot.Schema);
            var nonPartition = replace.Columns.FirstOrDefault(c => !snapshot.PartitionColumns.Contains(c, StringComparer.OrdinalIgnoreCase));
            if (nonPartition is not null)
            {
                throw new DeltaException($"An overwrite predicate may name partition columns only; '{nonPartition}' is not a partition column of '{Storage.Location}'.");
            }
        }

        var (first, rest) = await PeekAsync(batches, cancellationToken).ConfigureAwait(false);
        await using (rest.ConfigureAwait(false))
        {
            var schema = first is null ? snapshot.Schema : EvolveSchema(transaction, first.Schema, options);
            var writer = CreateWriter(snapshot, schema, options);
            await using (writer.ConfigureAwait(false))
            {
                var batch = first;
                while (batch is not null)
                {
                    if (bound is not null && RowFilter.Matching(batch, bound, negate: true) is { Count: > 0 } outside)
                    {
                        throw new DeltaException($"Row {outside[0]} of the new data does not satisfy the overwrite predicate {replace}.");
                    }

                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = await rest.MoveNextAsync().ConfigureAwait(false) ? rest.Current : null;
                }

                var adds = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                foreach (var add in adds)
                {
                    transaction.Add(add);
                }

                var removed = 0;
                var removedRows = 0L;
                if (overwrite)
                {
                    if (wholeTable)
                    {
                        transaction.ReadWholeTable();
                    }
                    else
                    {
                        var partitions = snapshot.Schema;
                        transaction.ReadPartitions(values => bound!.MayMatch(new FileBounds(
                            new AddFile(string.Empty, values, 0, 0, false), partitions, snapshot.PartitionColumns,
                            DataScanner.TypedPartitionValues(new AddFile(string.Empty, values, 0, 0, false), partitions, snapshot.PartitionColumns))));
                    }

                    foreach (var file in bound is null ? snapshot.Files : DataScanner.Files(snapshot.Files, snapshot.Schema, snapshot.PartitionColumns, replace).Select(f => f.Add))
                    {
                        transaction.Remove(ToRemove(file, dataChange: true));
                        removed++;
                        removedRows += new FileBounds(file, snapshot.Schema, snapshot.PartitionColumns, new Dictionary<string, object?>()).NumRecords ?? 0;
                    }
                }

                var parameters = new Dictionary<string, object?>
                {
                    ["mode"] = overwrite ? "Overwrite" : "Append",
                    ["partitionBy"] = PartitionByJson(snapshot),
                };
                if (replace is not null)
                {
                    parameters["predicate"] = replace.ToString();
                }

                var counts = new DeltaWriteResult
                {
                    FilesAdded = adds.Count,
                    FilesRemoved = removed,
                    RowsInserted = writer.RowsWritten,
                    RowsDeleted = removedRows,
                };
                return await CommitAsync(transaction, options, "WRITE", parameters, counts, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
