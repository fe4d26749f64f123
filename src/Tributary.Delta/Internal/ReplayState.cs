using System.Text.Json;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>
/// Reconciles actions into table state (PROTOCOL-NOTES §8): the latest protocol and metaData win, txn keeps the
/// latest version per appId, files are keyed by (canonical decoded path, deletion vector id); an add replaces its
/// key and clears the tombstone, a remove deletes the add and records a tombstone.
/// </summary>
internal sealed class ReplayState : IActionVisitor
{
    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    public Dictionary<string, AddFile> Files { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RemoveFile> Tombstones { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TransactionAction> Transactions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DomainMetadata> Domains { get; } = new(StringComparer.Ordinal);

    public bool WantsCommitInfo => false;

    public static string Key(string path, string? deletionVectorId) =>
        deletionVectorId is null ? DeltaPaths.CanonicalKey(path) : $"{DeltaPaths.CanonicalKey(path)}\n{deletionVectorId}";

    public void OnProtocol(ProtocolAction protocol) => Protocol = protocol;

    public void OnMetadata(MetadataAction metadata) => Metadata = metadata;

    public void OnAdd(AddFile add, string? deletionVectorId)
    {
        var key = Key(add.Path, deletionVectorId);
        Files[key] = add;
        if (Tombstones.Count > 0)
        {
            Tombstones.Remove(key);
        }
    }

    public void OnRemove(RemoveFile remove, string? deletionVectorId)
    {
        var key = Key(remove.Path, deletionVectorId);
        Files.Remove(key);
        Tombstones[key] = remove;
    }

    public void OnTransaction(TransactionAction transaction) => Transactions[transaction.AppId] = transaction;

    /// <summary>
    /// Drops the app transactions last updated before <paramref name="cutoffMillis"/>
    /// (<c>delta.setTransactionRetentionDuration</c>); one without <c>lastUpdated</c> never expires.
    /// </summary>
    public void ExpireTransactions(long cutoffMillis)
    {
        foreach (var (appId, transaction) in Transactions)
        {
            if (transaction.LastUpdated is { } updated && updated < cutoffMillis)
            {
                Transactions.Remove(appId);
            }
        }
    }

    public void OnDomainMetadata(DomainMetadata domain) => Domains[domain.Domain] = domain;

    public void OnCommitInfo(JsonElement commitInfo)
    {
    }
}
