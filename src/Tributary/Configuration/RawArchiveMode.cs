namespace Tributary.Configuration;

/// <summary>How the process stage archives records under <c>raw/</c>.</summary>
public enum RawArchiveMode
{
    /// <summary>One JSON Lines object per partition per batch (one PUT per partition instead of one per record).</summary>
    Batch,

    /// <summary>One object per record, as the seed's Lambda did.</summary>
    Record,
}
