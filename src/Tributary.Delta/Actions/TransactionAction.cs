namespace Tributary.Delta.Actions;

/// <summary>The <c>txn</c> action: the latest batch version an application committed, for exactly-once writes.</summary>
/// <param name="AppId">The application's stable id.</param>
/// <param name="Version">The application-defined version (a batch number or offset).</param>
/// <param name="LastUpdated">When it was written, in epoch milliseconds.</param>
public sealed record TransactionAction(string AppId, long Version, long? LastUpdated = null);
