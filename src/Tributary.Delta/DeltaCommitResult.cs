namespace Tributary.Delta;

/// <summary>The outcome of <see cref="DeltaTransaction.CommitAsync"/>.</summary>
/// <param name="Version">The version written, or, when skipped, the version the table was read at.</param>
/// <param name="Skipped">True when nothing was written because the app transaction was already recorded.</param>
/// <param name="SkipReason">Why the commit was skipped.</param>
/// <param name="Attempts">How many commit attempts it took (1 without contention).</param>
/// <param name="CheckpointWritten">True when a checkpoint was written for <paramref name="Version"/>.</param>
/// <param name="CheckpointError">Why the checkpoint due at <paramref name="Version"/> failed; the commit itself stands.</param>
public sealed record DeltaCommitResult(
    long Version,
    bool Skipped = false,
    string? SkipReason = null,
    int Attempts = 1,
    bool CheckpointWritten = false,
    string? CheckpointError = null);
