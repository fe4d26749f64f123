namespace Tributary.Aws.Lambda.Internal;

/// <summary>What the extract function did with one object of its event (returned as JSON and logged).</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The object key (decoded).</param>
/// <param name="Outcome">
/// <c>extracted</c>, <c>quarantined</c>, <c>duplicate</c> (this version was already extracted), <c>superseded</c> (a
/// newer version replaced it; its own event extracts that), <c>missing</c> (deleted since) or <c>ignored</c> (not
/// under the source prefix or not in the configured bucket).
/// </param>
/// <param name="Records">Records put on the stream by this invocation.</param>
/// <param name="Detail">Why it was ignored or quarantined, or where the quarantine copy is.</param>
internal sealed record ObjectOutcome(string Bucket, string Key, string Outcome, long Records = 0, string? Detail = null);
