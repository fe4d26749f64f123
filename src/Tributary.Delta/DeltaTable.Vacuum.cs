using Tributary.Delta.Internal;

namespace Tributary.Delta;

/// <summary>VACUUM.</summary>
public sealed partial class DeltaTable
{
    /// <summary>
    /// Deletes data files that no live add and no tombstone references and that are older than
    /// <paramref name="retention"/> (default: the table's <c>delta.deletedFileRetentionDuration</c>, 7 days). A
    /// retention shorter than that is refused unless <paramref name="force"/> is set, because a running reader of an
    /// older version may still need the files. <paramref name="dryRun"/> lists the files without deleting them.
    /// </summary>
    public async Task<DeltaVacuumResult> VacuumAsync(TimeSpan? retention = null, bool dryRun = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var minimum = TableProperties.DeletedFileRetention(snapshot.Configuration);
        var applied = retention ?? minimum;
        if (applied < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), "The retention cannot be negative.");
        }

        if (applied < minimum && !force)
        {
            throw new DeltaException(
                $"Refusing to vacuum '{Storage.Location}' with a retention of {applied} (shorter than the table's {minimum}): readers of older versions may still need the files. Pass force to do it anyway.");
        }

        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var add in snapshot.Files)
        {
            referenced.Add(DeltaPaths.CanonicalKey(add.Path));
        }

        foreach (var remove in snapshot.Tombstones)
        {
            referenced.Add(DeltaPaths.CanonicalKey(remove.Path));
        }

        var cutoff = Options.TimeProvider.GetUtcNow() - applied;
        var doomed = new List<string>();
        await foreach (var file in Storage.ListAsync(string.Empty, null, cancellationToken).ConfigureAwait(false))
        {
            if (IsHidden(file.Path) || referenced.Contains(file.Path) || file.LastModified > cutoff)
            {
                continue;
            }

            doomed.Add(file.Path);
        }

        if (!dryRun)
        {
            foreach (var path in doomed)
            {
                await Storage.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
            }
        }

        return new DeltaVacuumResult(doomed, dryRun, applied);
    }

    // Spark skips names starting with '_' or '.', except partition directories such as "_2=x".
    private static bool IsHidden(string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment.StartsWith('.') || (segment.StartsWith('_') && !segment.Contains('=', StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
