using System.Text.Json;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>All actions of one commit, kept for conflict checks and history.</summary>
internal sealed class CommitActions : IActionVisitor
{
    public CommitActions(bool wantsCommitInfo = true)
    {
        WantsCommitInfo = wantsCommitInfo;
    }

    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    public List<AddFile> Adds { get; } = [];

    public List<RemoveFile> Removes { get; } = [];

    public List<TransactionAction> Transactions { get; } = [];

    public JsonElement? CommitInfo { get; private set; }

    public bool WantsCommitInfo { get; }

    public void OnProtocol(ProtocolAction protocol) => Protocol = protocol;

    public void OnMetadata(MetadataAction metadata) => Metadata = metadata;

    public void OnAdd(AddFile add, string? deletionVectorId) => Adds.Add(add);

    public void OnRemove(RemoveFile remove, string? deletionVectorId) => Removes.Add(remove);

    public void OnTransaction(TransactionAction transaction) => Transactions.Add(transaction);

    public void OnDomainMetadata(DomainMetadata domain)
    {
    }

    public void OnCommitInfo(JsonElement commitInfo) => CommitInfo ??= commitInfo;
}
