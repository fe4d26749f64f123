using System.Text;
using Tributary.Delta.Internal.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>MERGE (upsert on key columns).</summary>
public sealed partial class DeltaTable
{
    /// <summary>
    /// Upserts <paramref name="source"/> on the key columns: a target row with a matching key gets every column from
    /// the source except <see cref="DeltaMergeOptions.PreserveOnUpdate"/> (or is deleted when the source row satisfies
    /// <see cref="DeltaMergeOptions.DeleteWhenMatched"/>); source rows without a match are inserted. Only files that
    /// can contain a source key (by partition values, then min/max stats) are read, and only files with a match are
    /// rewritten (copy-on-write).
    /// </summary>
    /// <exception cref="DeltaException">The source has duplicate keys (the message names them).</exception>
    public async Task<DeltaWriteResult> MergeAsync(DeltaBatch source, DeltaMergeOptions merge, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(merge);
        if (merge.KeyColumns.Count == 0)
        {
            throw new ArgumentException("MERGE needs at least one key column.", nameof(merge));
        }

        options ??= new DeltaWriteOptions();
        var transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = transaction.ReadSnapshot;
        if (SkipIfRecorded(snapshot, options) is { } skipped)
        {
            return skipped;
        }

        var schema = EvolveSchema(transaction, source.Schema, options);
        var (aligned, fromSource) = AlignSource(source, schema, merge);
        var keys = merge.KeyColumns.Select(k => IndexOfColumn(schema, k, "key")).ToArray();
        var scratch = new StringBuilder();
        var sourceRows = IndexSource(aligned, keys, scratch);
        var deleteRows = merge.DeleteWhenMatched is { } deleteWhen
            ? new HashSet<int>(RowFilter.Matching(aligned, deleteWhen.Bind(schema)))
            : [];
        var matched = new bool[aligned.RowCount];

        var keyValues = keys.Select(k => RowKeys.SortedDistinct(aligned.Columns[k], aligned.RowCount)).ToArray();
        DeclareMergeRead(transaction, schema, keys, keyValues);

        var writer = CreateWriter(snapshot, schema, options);
        await using (writer.ConfigureAwait(false))
        {
            int removed = 0, scanned = 0;
            long updated = 0, deleted = 0, copied = 0;
            foreach (var file in snapshot.Files)
            {
                if (!MayContainKeys(file, snapshot, schema, keys, keyValues))
                {
                    continue;
                }

                scanned++;
                var batches = new List<DeltaBatch>();
                var anyMatch = false;
                await foreach (var batch in ReadFileAsync(file, schema, snapshot.PartitionColumns, cancellationToken).ConfigureAwait(false))
                {
                    batches.Add(batch);
                    for (var row = 0; row < batch.RowCount && !anyMatch; row++)
                    {
                        anyMatch = RowKeys.Of(batch, keys, row, scratch) is { } key && sourceRows.ContainsKey(key);
                    }
                }

                if (!anyMatch)
                {
                    continue;
                }

                transaction.Remove(ToRemove(file, dataChange: true));
                removed++;
                foreach (var batch in batches)
                {
                    var copyRows = new List<int>();
                    var targetRows = new List<int>();
                    var updateRows = new List<int>();
                    for (var row = 0; row < batch.RowCount; row++)
                    {
                        if (RowKeys.Of(batch, keys, row, scratch) is { } key && sourceRows.TryGetValue(key, out var sourceRow))
                        {
                            matched[sourceRow] = true;
                            if (deleteRows.Contains(sourceRow))
                            {
                                deleted++;
                            }
                            else
                            {
                                targetRows.Add(row);
                                updateRows.Add(sourceRow);
                            }
                        }
                        else
                        {
                            copyRows.Add(row);
                        }
                    }

                    if (copyRows.Count > 0)
                    {
                        copied += copyRows.Count;
                        await writer.WriteAsync(copyRows.Count == batch.RowCount ? batch : batch.Take(copyRows), cancellationToken).ConfigureAwait(false);
                    }

                    if (targetRows.Count > 0)
                    {
                        updated += targetRows.Count;
                        var columns = new Array[schema.Fields.Count];
                        for (var c = 0; c < columns.Length; c++)
                        {
                            columns[c] = fromSource[c] ? ColumnOps.Take(aligned.Columns[c], updateRows) : ColumnOps.Take(batch.Columns[c], targetRows);
                        }

                        await writer.WriteAsync(new DeltaBatch(schema, columns, targetRows.Count), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            long inserted = 0;
            if (merge.InsertWhenNotMatched)
            {
                var inserts = Enumerable.Range(0, aligned.RowCount).Where(r => !matched[r]).ToList();
                if (inserts.Count > 0)
                {
                    inserted = inserts.Count;
                    await writer.WriteAsync(inserts.Count == aligned.RowCount ? aligned : aligned.Take(inserts), cancellationToken).ConfigureAwait(false);
                }
            }

            if (removed == 0 && inserted == 0 && options.AppTransaction is null)
            {
                return new DeltaWriteResult { Version = snapshot.Version };
            }

            var adds = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            foreach (var add in adds)
            {
                transaction.Add(add);
            }

            var parameters = new Dictionary<string, object?>
            {
                ["predicate"] = $"[\"{string.Join(" AND ", merge.KeyColumns.Select(k => $"t.{k} = s.{k}"))}\"]",
                ["matchedPredicates"] = merge.DeleteWhenMatched is null ? "[{\"actionType\":\"update\"}]" : $"[{{\"predicate\":\"{merge.DeleteWhenMatched}\",\"actionType\":\"delete\"}},{{\"actionType\":\"update\"}}]",
                ["notMatchedPredicates"] = merge.InsertWhenNotMatched ? "[{\"actionType\":\"insert\"}]" : "[]",
                ["filesScanned"] = scanned,
            };
            var counts = new DeltaWriteResult
            {
                FilesAdded = adds.Count,
                FilesRemoved = removed,
                RowsInserted = inserted,
                RowsUpdated = updated,
                RowsDeleted = deleted,
                RowsCopied = copied,
            };
            return await CommitAsync(transaction, options, "MERGE", parameters, counts, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (DeltaBatch Aligned, bool[] FromSource) AlignSource(DeltaBatch source, StructType schema, DeltaMergeOptions merge)
    {
        var columns = new Array[schema.Fields.Count];
        var fromSource = new bool[schema.Fields.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var field = schema.Fields[c];
            var index = source.IndexOf(field.Name);
            if (index < 0)
            {
                columns[c] = ColumnTypes.CreateColumn(field.Type, source.RowCount);
                continue;
            }

            columns[c] = source.Columns[index];
            fromSource[c] = !merge.PreserveOnUpdate.Contains(field.Name, StringComparer.OrdinalIgnoreCase);
        }

        foreach (var preserved in merge.PreserveOnUpdate)
        {
            IndexOfColumn(schema, preserved, "preserved");
        }

        return (new DeltaBatch(schema, columns, source.RowCount), fromSource);
    }

    private static Dictionary<string, int> IndexSource(DeltaBatch source, int[] keys, StringBuilder scratch)
    {
        var index = new Dictionary<string, int>(source.RowCount, StringComparer.Ordinal);
        var duplicates = new List<string>();
        var duplicateCount = 0;
        for (var row = 0; row < source.RowCount; row++)
        {
            if (RowKeys.Of(source, keys, row, scratch) is not { } key)
            {
                continue;
            }

            if (!index.TryAdd(key, row))
            {
                duplicateCount++;
                if (duplicates.Count < 5)
                {
                    duplicates.Add(RowKeys.Describe(source, keys, row));
                }
            }
        }

        if (duplicateCount > 0)
        {
            throw new DeltaException(
                $"The MERGE source has {duplicateCount} rows whose keys repeat an earlier row, for example {string.Join(", ", duplicates)}; deduplicate the source first.");
        }

        return index;
    }

    private static bool MayContainKeys(Actions.AddFile file, DeltaSnapshot snapshot, StructType schema, int[] keys, List<object>[] keyValues)
    {
        var bounds = new FileBounds(file, schema, snapshot.PartitionColumns, DataScanner.TypedPartitionValues(file, schema, snapshot.PartitionColumns));
        for (var k = 0; k < keys.Length; k++)
        {
            var field = schema.Fields[keys[k]];
            if (RowKeys.IsStatsComparable(field.Type) && bounds.TryGet(field.Name, out var bound) && !RowKeys.AnyWithin(keyValues[k], bound))
            {
                return false;
            }
        }

        return true;
    }

    private static void DeclareMergeRead(DeltaTransaction transaction, StructType schema, int[] keys, List<object>[] keyValues)
    {
        var snapshot = transaction.ReadSnapshot;
        var partitionKeys = snapshot.PartitionColumns.Select(p => Array.FindIndex(keys, k => string.Equals(schema.Fields[k].Name, p, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (snapshot.PartitionColumns.Count == 0 || partitionKeys.Any(k => k < 0))
        {
            transaction.ReadWholeTable();
            return;
        }

        var allowed = partitionKeys.Select(k => new HashSet<string?>(keyValues[k].Select(v => PartitionValues.Format(schema.Fields[keys[k]].Type, v)), StringComparer.Ordinal)).ToArray();
        var names = snapshot.PartitionColumns.ToArray();
        transaction.ReadPartitions(values =>
        {
            for (var p = 0; p < names.Length; p++)
            {
                values.TryGetValue(names[p], out var text);
                if (!allowed[p].Contains(text))
                {
                    return false;
                }
            }

            return true;
        });
    }

    private static int IndexOfColumn(StructType schema, string name, string role)
    {
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            if (string.Equals(schema.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new DeltaSchemaException($"The MERGE {role} column '{name}' is not in the table.");
    }
}
