namespace Tributary.Configuration;

/// <summary>How the process stage archives records under <c>raw/</c>.</summary>
public enum RawArchiveMode
{
    /// <summary>One JSON Lines object per partition per batch (one PUT per partition instead of one per record).</summary>
    Batch,

    /// <summary>One object per record, as the seed's Lambda did.</summary>
    Record,

    /// <summary>
    /// One JSON Lines object per partition per shard per checkpoint round: the host keeps the raw records in memory
    /// until it checkpoints (the local runtime does, see <c>ProcessHandler.HostFlushesRaw</c>), so with the default
    /// 20,000 records per shard per round the retail layout writes about ten times fewer objects than
    /// <see cref="Batch"/>. Where no host flushes (the Lambda function), it works as <see cref="Batch"/>.
    /// </summary>
    Checkpoint,
}
