using System.Text.Json;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>Receives the actions of a commit or checkpoint as they are read, in file order.</summary>
internal interface IActionVisitor
{
    /// <summary>Whether commitInfo objects should be materialised (they cost a DOM each).</summary>
    bool WantsCommitInfo { get; }

    void OnProtocol(ProtocolAction protocol);

    void OnMetadata(MetadataAction metadata);

    /// <summary>An add; <paramref name="deletionVectorId"/> is the deletion vector's unique id, part of the file's replay key.</summary>
    void OnAdd(AddFile add, string? deletionVectorId);

    void OnRemove(RemoveFile remove, string? deletionVectorId);

    void OnTransaction(TransactionAction transaction);

    void OnDomainMetadata(DomainMetadata domain);

    void OnCommitInfo(JsonElement commitInfo);
}
