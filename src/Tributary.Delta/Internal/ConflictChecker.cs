using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>
/// Decides whether commits that won the race conflict with a transaction (PROTOCOL-NOTES §6): new protocol or
/// metadata always conflict; a txn for our appId skips (when ≥ ours) or conflicts; removes of the same file
/// conflict; files added or removed where the transaction read conflict. Blind appends only check the first two.
/// </summary>
internal sealed class ConflictChecker
{
    private readonly TransactionAction? _appTransaction;
    private readonly HashSet<string> _removedKeys;
    private readonly bool _readWholeTable;
    private readonly IReadOnlyList<Func<IReadOnlyDictionary<string, string?>, bool>> _readPartitions;

    public ConflictChecker(
        long readVersion,
        TransactionAction? appTransaction,
        IReadOnlyList<RemoveFile> removes,
        bool readWholeTable,
        IReadOnlyList<Func<IReadOnlyDictionary<string, string?>, bool>> readPartitions)
    {
        LatestSeen = readVersion;
        _appTransaction = appTransaction;
        _removedKeys = [.. removes.Select(r => DeltaPaths.CanonicalKey(r.Path))];
        _readWholeTable = readWholeTable;
        _readPartitions = readPartitions;
    }

    /// <summary>The newest version read so far; the next attempt goes one above.</summary>
    public long LatestSeen { get; private set; }

    public bool IsBlindAppend => _removedKeys.Count == 0 && !_readWholeTable && _readPartitions.Count == 0;

    /// <summary>Reads commits from <paramref name="fromVersion"/> to the latest; throws on a conflict, returns a
    /// skip reason when a winner already recorded our app transaction, else null (retry).</summary>
    public async Task<string?> CheckWinnersAsync(DeltaTable table, long fromVersion, CancellationToken cancellationToken)
    {
        await table.CommitStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        var listing = await LogListing.ListAsync(table.Storage, fromVersion, cancellationToken).ConfigureAwait(false);
        var winners = listing.Commits.Where(c => c.Key >= fromVersion).ToList();
        if (winners.Count == 0 || winners[0].Key != fromVersion)
        {
            throw new DeltaException($"Version {fromVersion} of table '{table.Storage.Location}' was taken but its commit file cannot be listed.");
        }

        var contents = await SnapshotLoader.ReadAllAsync(table.Storage, winners.Select(w => w.Value).ToList(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < winners.Count; i++)
        {
            var version = winners[i].Key;
            if (i > 0 && version != winners[i - 1].Key + 1)
            {
                break;
            }

            var actions = new CommitActions(wantsCommitInfo: false);
            ActionJsonReader.Read(contents[i], winners[i].Value.Path, actions);
            if (Check(table.Storage.Location, version, actions) is { } skip)
            {
                LatestSeen = version;
                return skip;
            }

            LatestSeen = version;
        }

        return null;
    }

    private string? Check(string location, long version, CommitActions winner)
    {
        if (winner.Protocol is not null)
        {
            throw Conflict(location, version, "ProtocolChanged", "changed the protocol");
        }

        if (winner.Metadata is not null)
        {
            throw Conflict(location, version, "MetadataChanged", "changed the metadata (schema, partitioning or properties)");
        }

        if (_appTransaction is { } ours && winner.Transactions.FirstOrDefault(t => t.AppId == ours.AppId) is { } theirs)
        {
            if (theirs.Version >= ours.Version)
            {
                return $"appId '{ours.AppId}' version {theirs.Version} (≥ {ours.Version}) was committed concurrently in table version {version}; nothing was written.";
            }

            throw Conflict(location, version, "ConcurrentTransaction", $"recorded appId '{ours.AppId}' version {theirs.Version}");
        }

        foreach (var remove in winner.Removes)
        {
            if (_removedKeys.Contains(DeltaPaths.CanonicalKey(remove.Path)))
            {
                throw Conflict(location, version, "ConcurrentDeleteDelete", $"also removed '{remove.Path}'");
            }

            if (Read(remove.PartitionValues))
            {
                throw Conflict(location, version, "ConcurrentDeleteRead", $"removed '{remove.Path}', which this transaction read");
            }
        }

        foreach (var add in winner.Adds)
        {
            if (add.DataChange && Read(add.PartitionValues))
            {
                throw Conflict(location, version, "ConcurrentAppend", $"added '{add.Path}' where this transaction read");
            }
        }

        return null;
    }

    // A remove without partition values could be anywhere: it counts as read when anything was read.
    private bool Read(IReadOnlyDictionary<string, string?>? partitionValues) =>
        _readWholeTable || (_readPartitions.Count > 0 && (partitionValues is null || _readPartitions.Any(p => p(partitionValues))));

    private static DeltaConcurrencyException Conflict(string location, long version, string kind, string what) =>
        new($"{kind}: a concurrent commit (version {version} of table '{location}') {what}; re-read the table and retry.", kind, version);
}
