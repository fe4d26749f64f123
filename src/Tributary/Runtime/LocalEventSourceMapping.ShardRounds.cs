using System.Diagnostics;
using Tributary.Runtime.Internal;

namespace Tributary.Runtime;

public sealed partial class LocalEventSourceMapping
{
    /// <summary>
    /// When set, each shard ends its rounds and checkpoints on its own (see <see cref="Internal.ShardRounds"/>):
    /// a shard that ends its round makes its own records durable and reads on at once, and its checkpoint is written in
    /// the background once what it forwarded is durable. Without it, all shards end each round together.
    /// </summary>
    internal ShardRounds? ShardRounds { get; set; }

    /// <summary>
    /// Drains every shard in its own loop until it has nothing left to read (and the producer, if any, is done). At
    /// most <see cref="Configuration.ProcessOptions.MaxConcurrentShards"/> shards handle a round at once. A failure in one shard stops
    /// the others and is the one thrown.
    /// </summary>
    private async Task<EventSourceMappingSummary> DrainShardsAsync(ShardRounds rounds, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var summary = new EventSourceMappingSummary();
        var shards = await _stream.ListShardsAsync(cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var turns = new SemaphoreSlim(_options.MaxConcurrentShards > 0 ? _options.MaxConcurrentShards : Math.Max(1, shards.Count));
        var running = shards.Select(shard => Task.Run(() => DrainShardAsync(shard, shards.Count, rounds, turns, summary, stop.Token), stop.Token)).ToList();
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            if (done.IsFaulted || done.IsCanceled)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(running).ConfigureAwait(false);
                }
                catch (Exception) when (running.All(t => t.IsCompleted))
                {
                    // The first failure is the one to report; the other shards only stopped because of it.
                }

                await done.ConfigureAwait(false);
            }
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>
    /// One shard's rounds. A round's checkpoint waits in the background for its records to be durable, while the shard
    /// reads on; the next round ends only once that checkpoint is written, since the objects a round writes are named
    /// after its first records, which must follow a checkpoint for a replay to name them alike.
    /// </summary>
    private async Task DrainShardAsync(string shard, int shardCount, ShardRounds rounds, SemaphoreSlim turns, EventSourceMappingSummary summary, CancellationToken cancellationToken)
    {
        var position = await _checkpoints.GetAsync(_options.ConsumerName, shard, cancellationToken).ConfigureAwait(false);
        Func<bool>? roundFull = rounds.RoundFull is { } full ? () => full(shard, shardCount) : null;
        var checkpoint = Task.CompletedTask;
        long mark = 0;
        while (true)
        {
            // Read before the round: a producer that completes during it may have put records the round did not see.
            var producing = Producing;
            string? last;
            await turns.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                last = await DrainShardRoundAsync(shard, position, summary, roundFull, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                turns.Release();
            }

            if (last is null)
            {
                if (!producing)
                {
                    break;
                }

                await WaitForProducerAsync(new Stopwatch(), cancellationToken, shard, position).ConfigureAwait(false);
                continue;
            }

            await CompleteCheckpointAsync(rounds, mark, checkpoint, cancellationToken).ConfigureAwait(false);
            await rounds.EndRoundAsync(shard, cancellationToken).ConfigureAwait(false);
            mark = rounds.Mark?.Invoke() ?? 0;
            checkpoint = CheckpointWhenDurableAsync(rounds, shard, last, mark, cancellationToken);
            position = last;
        }

        await CompleteCheckpointAsync(rounds, mark, checkpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the shard's checkpoint once everything forwarded up to <paramref name="mark"/> is durable.</summary>
    private Task CheckpointWhenDurableAsync(ShardRounds rounds, string shard, string last, long mark, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                if (rounds.WhenDurableAsync is { } durable)
                {
                    await durable(mark, cancellationToken).ConfigureAwait(false);
                }

                // A crash before this line leaves the round's records delivered behind a stale checkpoint: they are
                // read and forwarded again, and the delivery stream must recognise them (the local one does, by stream
                // position, through its journal).
                await _checkpoints.SetAsync(_options.ConsumerName, shard, last, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Hurries the pending checkpoint's records to durability and waits for the checkpoint.</summary>
    private static async Task CompleteCheckpointAsync(ShardRounds rounds, long mark, Task checkpoint, CancellationToken cancellationToken)
    {
        if (!checkpoint.IsCompleted && rounds.MakeDurableAsync is { } makeDurable)
        {
            await makeDurable(mark, cancellationToken).ConfigureAwait(false);
        }

        await checkpoint.ConfigureAwait(false);
    }
}
