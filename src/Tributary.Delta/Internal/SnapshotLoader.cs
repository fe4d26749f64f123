namespace Tributary.Delta.Internal;

/// <summary>Reconstructs a snapshot (PROTOCOL-NOTES §8): newest usable checkpoint, then contiguous commits.</summary>
internal static class SnapshotLoader
{
    public static async Task<DeltaSnapshot> LoadAsync(IDeltaStorage storage, ICommitStore commitStore, long? version, TimeProvider clock, CancellationToken cancellationToken)
    {
        await commitStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        var listing = await ListForAsync(storage, version, cancellationToken).ConfigureAwait(false);
        if (listing.IsEmpty)
        {
            throw new DeltaTableNotFoundException(storage.Location);
        }

        var latest = listing.LatestVersion;
        var target = version ?? latest;
        if (target < 0 || target > latest)
        {
            throw new DeltaException($"Cannot load version {target} of table '{storage.Location}': available versions end at {latest}.");
        }

        var checkpoint = listing.CheckpointAtOrBefore(target);
        var start = checkpoint + 1 ?? 0;
        var commits = new List<(long Version, DeltaFileInfo File)>();
        foreach (var (v, file) in listing.Commits)
        {
            if (v >= start && v <= target)
            {
                commits.Add((v, file));
            }
        }

        CheckContiguous(storage, target, start, checkpoint, commits);
        var state = new ReplayState();
        if (checkpoint is { } c)
        {
            foreach (var part in listing.Checkpoints[c])
            {
                await CheckpointReader.ReadAsync(storage, part, state, cancellationToken).ConfigureAwait(false);
            }
        }

        var contents = await ReadAllAsync(storage, commits.Select(x => x.File).ToList(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < commits.Count; i++)
        {
            ActionJsonReader.Read(contents[i], commits[i].File.Path, state);
        }

        if (state.Protocol is null)
        {
            throw new DeltaException($"No protocol found in table '{storage.Location}' at version {target}.");
        }

        if (state.Metadata is null)
        {
            throw new DeltaException($"No metadata found in table '{storage.Location}' at version {target}.");
        }

        ProtocolSupport.CheckRead(state.Protocol, storage.Location);
        if (TableProperties.SetTransactionRetention(state.Metadata.Configuration) is { } retention)
        {
            // As Delta does, expiry is measured from the reader's clock, not from the version being read.
            state.ExpireTransactions((clock.GetUtcNow() - retention).ToUnixTimeMilliseconds());
        }

        var timestamp = commits.Count > 0 ? commits[^1].File.LastModified : listing.Checkpoints[checkpoint!.Value][0].LastModified;
        return new DeltaSnapshot(storage, target, timestamp, state);
    }

    /// <summary>Reads whole files concurrently, keeping their order.</summary>
    public static async Task<byte[][]> ReadAllAsync(IDeltaStorage storage, IReadOnlyList<DeltaFileInfo> files, CancellationToken cancellationToken)
    {
        var contents = new byte[files.Count][];
        await Parallel.ForAsync(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            contents[i] = await ReadAsync(storage, files[i].Path, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return contents;
    }

    public static async Task<byte[]> ReadAsync(IDeltaStorage storage, string path, CancellationToken cancellationToken)
    {
        await using var stream = await storage.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        using var memory = new MemoryStream(stream.CanSeek ? (int)stream.Length : 4096);
        await stream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
        return memory.ToArray();
    }

    private static async Task<LogListing> ListForAsync(IDeltaStorage storage, long? version, CancellationToken cancellationToken)
    {
        var hint = await LastCheckpoint.TryReadVersionAsync(storage, cancellationToken).ConfigureAwait(false);
        if (hint is { } h && (version is null || h <= version))
        {
            var fromHint = await LogListing.ListAsync(storage, h, cancellationToken).ConfigureAwait(false);
            if (fromHint.Checkpoints.ContainsKey(h))
            {
                return fromHint;
            }

            // A stale or wrong hint: fall back to listing everything.
        }

        return await LogListing.ListAsync(storage, null, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckContiguous(IDeltaStorage storage, long target, long start, long? checkpoint, List<(long Version, DeltaFileInfo File)> commits)
    {
        for (var i = 1; i < commits.Count; i++)
        {
            if (commits[i].Version != commits[i - 1].Version + 1)
            {
                throw new DeltaException(
                    $"Cannot load table '{storage.Location}': versions are not contiguous: ([{string.Join(", ", commits.Select(c => c.Version))}])");
            }
        }

        var reaches = checkpoint == target || (commits.Count > 0 && commits[0].Version == start && commits[^1].Version == target);
        if (!reaches)
        {
            var reason = checkpoint is null
                ? $"there is no checkpoint at or before it and commit {start} is missing"
                : $"commits after checkpoint {checkpoint} are missing";
            throw new DeltaException($"Cannot recreate version {target} of table '{storage.Location}': {reason}.");
        }
    }
}
