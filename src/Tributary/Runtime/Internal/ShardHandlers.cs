using System.Collections.Concurrent;
using System.Diagnostics;
using Tributary.Delivery;
using Tributary.Ports;
using Tributary.Processing;

namespace Tributary.Runtime.Internal;

/// <summary>
/// One process handler per shard, so that each shard's raw round is its own: a shard that ends its round writes its
/// raw records and checkpoints while the other shards go on handling theirs (see <see cref="ShardRounds"/>).
/// </summary>
internal sealed class ShardHandlers
{
    private readonly ConcurrentDictionary<string, ProcessHandler> _handlers = new(StringComparer.Ordinal);
    private readonly Func<ProcessHandler> _create;
    private readonly Action<TimeSpan>? _elapsed;

    /// <param name="create">Makes a handler (each one holds its shard's raw round until the shard's round ends).</param>
    /// <param name="elapsed">Told the duration of each process call and raw flush (the bench's clock), when set.</param>
    public ShardHandlers(Func<ProcessHandler> create, Action<TimeSpan>? elapsed)
    {
        _create = create;
        _elapsed = elapsed;
    }

    /// <summary>Raw objects written by every shard's handler.</summary>
    public long RawObjectsWritten => _handlers.Values.Sum(h => h.RawObjectsWritten);

    /// <summary>Handles one batch (all of one shard's records) with that shard's handler.</summary>
    public async Task<StreamsEventResponse> HandleAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return new StreamsEventResponse();
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return await For(records[0].ShardId).HandleRecordsAsync(records, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _elapsed?.Invoke(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// The shard rounds for the event-source mapping: a shard's round is full when its raw records reach its share of
    /// <paramref name="roundBytes"/> (so all shards together hold at most that much), ends by writing them, and its
    /// checkpoint waits for its forwarded records to be staged by <paramref name="delivery"/> (when it is the embedded
    /// delivery stream, which holds them in memory; any other acknowledges a put once it is durable).
    /// </summary>
    public ShardRounds Rounds(LocalFirehose? delivery, long roundBytes) => new()
    {
        RoundFull = (shard, shards) => For(shard).RawBytesHeld >= roundBytes / Math.Max(1, shards),
        EndRoundAsync = FlushRawAsync,
        Mark = delivery is null ? null : () => delivery.AcceptedMark,
        WhenDurableAsync = delivery is null ? null : delivery.WhenDeliveredAsync,
        MakeDurableAsync = delivery is null ? null : delivery.DeliverThroughAsync,
    };

    private async Task FlushRawAsync(string shard, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await For(shard).FlushRawAsync(cancellationToken).ConfigureAwait(false);
        _elapsed?.Invoke(Stopwatch.GetElapsedTime(started));
    }

    private ProcessHandler For(string shard) => _handlers.GetOrAdd(shard, _ => _create());
}
