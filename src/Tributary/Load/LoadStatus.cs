namespace Tributary.Load;

/// <summary>What a load did.</summary>
public enum LoadStatus
{
    /// <summary>No staging batch was new; nothing was written.</summary>
    NothingNew,

    /// <summary>New staging batches were curated and committed.</summary>
    Loaded,
}
