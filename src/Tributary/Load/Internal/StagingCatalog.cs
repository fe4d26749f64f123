using Tributary.Ports;

namespace Tributary.Load.Internal;

/// <summary>
/// Finds staging batches: the objects under the staging prefix, in ordinal key order. <c>.parquet</c> objects are
/// the embedded deliver stage's batches; any other object is a JSON Lines batch as a real Firehose writes it (no
/// extension, or <c>.gz</c> when compressed). A name starting with <c>.</c> or <c>_</c> is an in-flight or
/// bookkeeping file and skipped.
/// </summary>
internal static class StagingCatalog
{
    public static async Task<IReadOnlyList<StagingBatch>> ListAsync(TableStore tables, string prefix, CancellationToken cancellationToken)
    {
        var batches = new List<StagingBatch>();
        var normalized = prefix.TrimStart('/');
        await foreach (var item in tables.Objects.ListAsync(normalized, cancellationToken).ConfigureAwait(false))
        {
            var name = item.Key[(item.Key.LastIndexOf('/') + 1)..];
            if (name.Length == 0 || name.StartsWith('.') || name.StartsWith('_'))
            {
                continue;
            }

            var path = tables.LocalPathOf(item.Key) ?? $"{tables.Objects.Location.TrimEnd('/')}/{item.Key}";
            batches.Add(new StagingBatch(item.Key, path) { Size = item.Size });
        }

        batches.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return batches;
    }

    /// <summary>The batches with local paths DuckDB can read: as they are for a local store, else copied into <paramref name="cache"/>.</summary>
    public static async Task<IReadOnlyList<StagingBatch>> MaterializeAsync(
        TableStore tables, IReadOnlyList<StagingBatch> batches, LocalFileCache cache, CancellationToken cancellationToken)
    {
        var local = new List<StagingBatch>(batches.Count);
        foreach (var batch in batches)
        {
            if (tables.LocalPathOf(batch.Key) is { } path)
            {
                local.Add(batch with { Path = path });
                continue;
            }

            var copy = await cache.CopyAsync(
                batch.Key, $"staging batch '{batch.Key}'", ct => tables.Objects.OpenReadAsync(batch.Key, ct), cancellationToken).ConfigureAwait(false);
            local.Add(batch with { Path = copy });
        }

        return local;
    }
}
