namespace Tributary.Runtime.Internal;

/// <summary>
/// What a host gives the local event-source mapping so that each shard ends its rounds and checkpoints on its own,
/// instead of all shards ending a round together and waiting for the flush and the checkpoints before reading on.
/// Each shard's records must then be held per shard (one process handler per shard), since a shard ends its round
/// while the others are in the middle of theirs.
/// </summary>
internal sealed class ShardRounds
{
    /// <summary>
    /// Ends a shard's round, in the shard's own loop, before it reads on: makes what the host holds for the shard
    /// durable (its raw records). Called only once the shard's previous checkpoint is written, so that the objects
    /// it writes belong to a round that starts at a checkpoint.
    /// </summary>
    public required Func<string, CancellationToken, Task> EndRoundAsync { get; init; }

    /// <summary>Asked after each batch with the shard and the number of shards: true ends the shard's round there.</summary>
    public Func<string, int, bool>? RoundFull { get; init; }

    /// <summary>
    /// A mark of everything forwarded so far, taken once a shard's round is handled; null when forwarded records are
    /// durable as soon as they are acknowledged.
    /// </summary>
    public Func<long>? Mark { get; init; }

    /// <summary>Completes once everything up to a mark is durable, without hurrying it (the shard checkpoints then, in the background).</summary>
    public Func<long, CancellationToken, Task>? WhenDurableAsync { get; init; }

    /// <summary>Makes everything up to a mark durable now (the shard needs its checkpoint: its next round ends, or the drain does).</summary>
    public Func<long, CancellationToken, Task>? MakeDurableAsync { get; init; }
}
