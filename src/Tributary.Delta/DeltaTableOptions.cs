namespace Tributary.Delta;

/// <summary>How a <see cref="DeltaTable"/> commits and what it records.</summary>
public sealed class DeltaTableOptions
{
    /// <summary>Who decides which writer owns a version; <see langword="null"/> uses put-if-absent on the table storage
    /// (<see cref="StorageCommitStore"/>).</summary>
    public ICommitStore? CommitStore { get; init; }

    /// <summary>The clock for commit timestamps, tombstone expiry and retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many times a commit is attempted before a lost race becomes an error.</summary>
    public int MaxCommitAttempts { get; init; } = 20;

    /// <summary>The <c>engineInfo</c> written in each commitInfo.</summary>
    public string EngineInfo { get; init; } = "Tributary.Delta/0.1";
}
