namespace Tributary.Delta.Internal;

/// <summary>
/// Metadata cleanup (PROTOCOL-NOTES §9): with cutoff = midnight UTC of (now − logRetention), find the newest
/// checkpoint at or before the newest commit not newer than the cutoff; keep it, its commit and everything after;
/// delete older commits, checkpoints, checksums and compactions.
/// </summary>
internal static class LogCleanup
{
    public static async Task<int> RunAsync(DeltaTable table, CancellationToken cancellationToken)
    {
        var snapshot = await table.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        if (!TableProperties.ExpiredLogCleanup(snapshot.Configuration))
        {
            return 0;
        }

        var now = table.Options.TimeProvider.GetUtcNow();
        var cutoffDay = (now - TableProperties.LogRetention(snapshot.Configuration)).UtcDateTime.Date;
        var cutoff = new DateTimeOffset(cutoffDay, TimeSpan.Zero);
        var listing = await LogListing.ListAsync(table.Storage, null, cancellationToken).ConfigureAwait(false);
        long? cutoffCommit = null;
        foreach (var (version, file) in listing.Commits)
        {
            if (file.LastModified <= cutoff)
            {
                cutoffCommit = version;
            }
        }

        if (cutoffCommit is not { } newestExpired || listing.CheckpointAtOrBefore(newestExpired) is not { } keepFrom)
        {
            return 0;
        }

        var deleted = 0;
        foreach (var (version, file) in listing.VersionedFiles)
        {
            if (version < keepFrom)
            {
                await table.Storage.DeleteAsync(file.Path, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }

        return deleted;
    }
}
