using System.Globalization;
using Tributary.Delta.Internal;

namespace Tributary.Delta;

/// <summary>VACUUM.</summary>
public sealed partial class DeltaTable
{
    /// <summary>
    /// Deletes data files that no live add and no tombstone references and that are older than
    /// <paramref name="retention"/> (default: the table's <c>delta.deletedFileRetentionDuration</c>, 7 days). A
    /// retention shorter than that is refused unless <paramref name="force"/> is set, because a running reader of an
    /// older version may still need the files. <paramref name="dryRun"/> lists the files without deleting them and
    /// commits nothing; a real run records a <c>VACUUM START</c> and a <c>VACUUM END</c> commit around the deletes, as
    /// Delta does, so <c>history</c> shows what was deleted.
    /// </summary>
    /// <exception cref="DeltaProtocolException">The table needs a writer feature this library does not implement
    /// (always checked before a real run, which commits; also on a dry run when the table lists
    /// <c>vacuumProtocolCheck</c>).</exception>
    public async Task<DeltaVacuumResult> VacuumAsync(TimeSpan? retention = null, bool dryRun = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        CheckVacuumProtocol(snapshot, dryRun);
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

        var candidates = await FindVacuumCandidatesAsync(snapshot, Options.TimeProvider.GetUtcNow() - applied, cancellationToken).ConfigureAwait(false);
        var doomed = candidates.Files.Select(f => f.Path).ToList();
        var bytes = candidates.Files.Sum(f => f.Size);
        if (dryRun)
        {
            return new DeltaVacuumResult(doomed, true, applied) { Bytes = bytes, Directories = candidates.Directories };
        }

        var startParameters = new Dictionary<string, object?>
        {
            ["retentionCheckEnabled"] = !force,
            ["defaultRetentionMillis"] = (long)minimum.TotalMilliseconds,
        };
        if (retention is { } specified)
        {
            startParameters["specifiedRetentionMillis"] = (long)specified.TotalMilliseconds;
        }

        var start = await CommitVacuumEventAsync("VACUUM START", startParameters, new()
        {
            ["numFilesToDelete"] = doomed.Count,
            ["sizeOfDataToDelete"] = bytes,
        }, cancellationToken).ConfigureAwait(false);

        var deleted = 0;
        try
        {
            foreach (var path in doomed)
            {
                await Storage.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Delta records a failed vacuum as an END without metrics, so the history does not show it as running.
            await CommitVacuumEventAsync("VACUUM END", new() { ["status"] = "FAILED" }, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // A local table has real folders; an object store has none to leave behind.
        (Storage as LocalDeltaStorage)?.RemoveEmptyFolders(doomed);

        var end = await CommitVacuumEventAsync("VACUUM END", new() { ["status"] = "COMPLETED" }, new()
        {
            ["numDeletedFiles"] = deleted,
            ["numVacuumedDirectories"] = candidates.Directories,
        }, cancellationToken).ConfigureAwait(false);
        return new DeltaVacuumResult(doomed, false, applied) { Bytes = bytes, Directories = candidates.Directories, StartVersion = start, EndVersion = end };
    }

    private void CheckVacuumProtocol(DeltaSnapshot snapshot, bool dryRun)
    {
        var protocol = snapshot.Protocol;
        var listsCheck = (protocol.ReaderFeatures ?? []).Contains("vacuumProtocolCheck") || (protocol.WriterFeatures ?? []).Contains("vacuumProtocolCheck");
        if (!listsCheck && dryRun)
        {
            return;
        }

        try
        {
            ProtocolSupport.CheckWrite(protocol, snapshot.Schema, Storage.Location);
        }
        catch (DeltaProtocolException refused) when (listsCheck)
        {
            throw new DeltaProtocolException(
                $"Refusing to vacuum '{Storage.Location}': the table lists vacuumProtocolCheck, so VACUUM must support every writer feature it uses. {refused.Message}",
                refused.Feature);
        }
    }

    private async Task<long> CommitVacuumEventAsync(
        string operation,
        Dictionary<string, object?> parameters,
        Dictionary<string, long>? metrics,
        CancellationToken cancellationToken)
    {
        // An empty commit (commitInfo only): it changes no file, so it never conflicts with concurrent writers.
        var transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var extra = new Dictionary<string, object?>
        {
            ["operationMetrics"] = (metrics ?? []).ToDictionary(m => m.Key, m => (object?)m.Value.ToString(CultureInfo.InvariantCulture)),
        };
        var result = await transaction.CommitAsync(operation, parameters, extra, cancellationToken).ConfigureAwait(false);
        return result.Version;
    }

    private async Task<VacuumCandidates> FindVacuumCandidatesAsync(DeltaSnapshot snapshot, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var add in snapshot.Files)
        {
            referenced.Add(DeltaPaths.CanonicalKey(add.Path));
        }

        foreach (var remove in snapshot.Tombstones)
        {
            // A tombstone protects its file until it expires: deletion time + retention.
            if (remove.DeletionTimestamp is not { } deleted || deleted > cutoff.ToUnixTimeMilliseconds())
            {
                referenced.Add(DeltaPaths.CanonicalKey(remove.Path));
            }
        }

        var doomed = new List<DeltaFileInfo>();
        // The root counts as a directory, as in Delta's numVacuumedDirectories.
        var directories = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        await foreach (var file in Storage.ListAsync(string.Empty, null, cancellationToken).ConfigureAwait(false))
        {
            if (IsHidden(file.Path))
            {
                continue;
            }

            var slash = file.Path.LastIndexOf('/');
            while (slash > 0 && directories.Add(file.Path[..slash]))
            {
                slash = file.Path.LastIndexOf('/', slash - 1);
            }

            if (!referenced.Contains(file.Path) && file.LastModified <= cutoff)
            {
                doomed.Add(file);
            }
        }

        return new VacuumCandidates(doomed, directories.Count);
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

    private sealed record VacuumCandidates(List<DeltaFileInfo> Files, int Directories);
}
