using Tributary.Delta.Actions;
using Tributary.Delta.Internal.Data;

namespace Tributary.Delta;

/// <summary>Delete by predicate.</summary>
public sealed partial class DeltaTable
{
    /// <summary>
    /// Deletes the rows for which <paramref name="predicate"/> is true (copy-on-write). Files that cannot match are
    /// left alone; files whose every row matches are removed without being read; others are rewritten without the
    /// deleted rows.
    /// </summary>
    public async Task<DeltaWriteResult> DeleteAsync(DeltaPredicate predicate, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        options ??= new DeltaWriteOptions();
        var transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = transaction.ReadSnapshot;
        if (SkipIfRecorded(snapshot, options) is { } skipped)
        {
            return skipped;
        }

        var bound = predicate.Bind(snapshot.Schema);
        DeclareRead(transaction, bound);
        var writer = CreateWriter(snapshot, snapshot.Schema, options);
        await using (writer.ConfigureAwait(false))
        {
            var removed = 0;
            long deleted = 0, copied = 0;
            foreach (var file in snapshot.Files)
            {
                var values = DataScanner.TypedPartitionValues(file, snapshot.Schema, snapshot.PartitionColumns);
                var bounds = new FileBounds(file, snapshot.Schema, snapshot.PartitionColumns, values);
                if (!bound.MayMatch(bounds))
                {
                    continue;
                }

                if (!bound.MayFail(bounds) && bounds.NumRecords is { } whole)
                {
                    transaction.Remove(ToRemove(file, dataChange: true));
                    removed++;
                    deleted += whole;
                    continue;
                }

                var kept = new List<DeltaBatch>();
                long fileDeleted = 0;
                await foreach (var batch in ReadFileAsync(file, snapshot.Schema, snapshot.PartitionColumns, cancellationToken).ConfigureAwait(false))
                {
                    var keep = RowFilter.Matching(batch, bound, negate: true);
                    fileDeleted += batch.RowCount - keep.Count;
                    if (keep.Count > 0)
                    {
                        kept.Add(keep.Count == batch.RowCount ? batch : batch.Take(keep));
                    }
                }

                if (fileDeleted == 0)
                {
                    continue;
                }

                transaction.Remove(ToRemove(file, dataChange: true));
                removed++;
                deleted += fileDeleted;
                foreach (var batch in kept)
                {
                    copied += batch.RowCount;
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }

            if (removed == 0)
            {
                return new DeltaWriteResult { Version = snapshot.Version };
            }

            var adds = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            foreach (var add in adds)
            {
                transaction.Add(add);
            }

            var counts = new DeltaWriteResult { FilesAdded = adds.Count, FilesRemoved = removed, RowsDeleted = deleted, RowsCopied = copied };
            return await CommitAsync(transaction, options, "DELETE", new Dictionary<string, object?> { ["predicate"] = $"[\"{predicate}\"]" }, counts, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Declares what a predicate-driven operation read: its partitions when it names partition columns only, else the whole table.</summary>
    private static void DeclareRead(DeltaTransaction transaction, DeltaPredicate bound)
    {
        var snapshot = transaction.ReadSnapshot;
        if (snapshot.PartitionColumns.Count > 0 && bound.Columns.All(c => snapshot.PartitionColumns.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            transaction.ReadPartitions(values =>
            {
                var probe = new AddFile(string.Empty, values, 0, 0, false);
                return bound.MayMatch(new FileBounds(probe, snapshot.Schema, snapshot.PartitionColumns, DataScanner.TypedPartitionValues(probe, snapshot.Schema, snapshot.PartitionColumns)));
            });
        }
        else
        {
            transaction.ReadWholeTable();
        }
    }
}
