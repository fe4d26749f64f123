using System.Text.Json;
using Tributary.Delta.Actions;

namespace Tributary.Delta;

/// <summary>OPTIMIZE (bin-packing compaction).</summary>
public sealed partial class DeltaTable
{
    /// <summary>The default target size of compacted files (Spark's OPTIMIZE default is 1 GiB; smaller suits a single machine).</summary>
    public const long DefaultOptimizeTargetSize = 256L * 1024 * 1024;

    /// <summary>
    /// Compacts the small files (smaller than <paramref name="targetFileSize"/>) of each partition into files of about
    /// that size. The commit rearranges data only (<c>dataChange=false</c>), so it never conflicts with appends.
    /// </summary>
    public async Task<DeltaOptimizeResult> OptimizeAsync(long targetFileSize = DefaultOptimizeTargetSize, DeltaPredicate? partitionFilter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetFileSize, 1);
        var transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = transaction.ReadSnapshot;
        var files = partitionFilter is null
            ? snapshot.Files
            : Internal.Data.DataScanner.Files(snapshot.Files, snapshot.Schema, snapshot.PartitionColumns, partitionFilter).Select(f => f.Add).ToList();
        var bins = new List<List<AddFile>>();
        foreach (var partition in files.Where(f => f.Size < targetFileSize).GroupBy(f => PartitionKey(f, snapshot.PartitionColumns), StringComparer.Ordinal))
        {
            var current = new List<AddFile>();
            long size = 0;
            foreach (var file in partition.OrderBy(f => f.Size))
            {
                if (current.Count > 0 && size + file.Size > targetFileSize)
                {
                    bins.Add(current);
                    current = [];
                    size = 0;
                }

                current.Add(file);
                size += file.Size;
            }

            bins.Add(current);
        }

        bins.RemoveAll(b => b.Count < 2);
        if (bins.Count == 0)
        {
            return new DeltaOptimizeResult(snapshot.Version, 0, 0, 0);
        }

        var options = new DeltaWriteOptions { TargetFileSize = long.MaxValue };
        var added = 0;
        foreach (var bin in bins)
        {
            var writer = CreateWriter(snapshot, snapshot.Schema, options, dataChange: false);
            await using (writer.ConfigureAwait(false))
            {
                foreach (var file in bin)
                {
                    await foreach (var batch in ReadFileAsync(file, snapshot.Schema, snapshot.PartitionColumns, cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    }

                    transaction.Remove(ToRemove(file, dataChange: false));
                }

                foreach (var add in await writer.CompleteAsync(cancellationToken).ConfigureAwait(false))
                {
                    transaction.Add(add);
                    added++;
                }
            }
        }

        var removed = bins.Sum(b => b.Count);
        var parameters = new Dictionary<string, object?>
        {
            ["predicate"] = partitionFilter is null ? "[]" : $"[\"{partitionFilter}\"]",
            ["targetSize"] = targetFileSize,
            ["auto"] = false,
        };
        var metrics = new Dictionary<string, object?>
        {
            ["operationMetrics"] = new Dictionary<string, object?>
            {
                ["numRemovedFiles"] = removed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["numAddedFiles"] = added.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var result = await transaction.CommitAsync("OPTIMIZE", parameters, metrics, cancellationToken).ConfigureAwait(false);
        return new DeltaOptimizeResult(result.Version, removed, added, bins.Select(b => PartitionKey(b[0], snapshot.PartitionColumns)).Distinct().Count());
    }

    private static string PartitionKey(AddFile file, IReadOnlyList<string> partitionColumns) =>
        JsonSerializer.Serialize(partitionColumns.Select(c => file.PartitionValues.TryGetValue(c, out var v) ? v : null));
}
