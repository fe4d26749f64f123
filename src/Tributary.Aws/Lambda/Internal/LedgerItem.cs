using Tributary.Extract;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>The extract ledger's item for one source object version.</summary>
/// <param name="Id">The item's key: bucket, object key, ETag and size.</param>
/// <param name="State">Where extraction got to.</param>
/// <param name="Owner">The invocation that holds (or last held) the claim.</param>
/// <param name="LeaseUntil">Until when the owner's claim holds without renewal.</param>
/// <param name="Next">The index of the first record not yet known to be on the stream.</param>
/// <param name="Tails">Per shard, the sequence number of the last acknowledged record of this object.</param>
/// <param name="Reason">Why the object was quarantined, when it was.</param>
/// <param name="Attempts">How many claims were granted on it (more than one: an earlier attempt may have put records).</param>
internal sealed record LedgerItem(
    string Id,
    LedgerState State,
    string Owner,
    DateTimeOffset LeaseUntil,
    long Next,
    IReadOnlyDictionary<string, string> Tails,
    string? Reason,
    long Attempts);
