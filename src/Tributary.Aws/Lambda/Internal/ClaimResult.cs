namespace Tributary.Aws.Lambda.Internal;

/// <summary>The outcome of trying to claim a source object version in the extract ledger.</summary>
internal enum ClaimResult
{
    /// <summary>This invocation owns the object now (new, or taken over from an owner whose lease ran out).</summary>
    Claimed,

    /// <summary>The object version was already extracted (or quarantined): a duplicate event.</summary>
    Finished,

    /// <summary>Another invocation holds a live lease on it.</summary>
    Busy,
}
