using Tributary.Ports;
using Tributary.Streaming.Internal;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The record stream, with the time spent in put calls (extract's side, without the wait for their syncs) and reads
/// (process's side) counted in <paramref name="clock"/>, and the put calls alone in <paramref name="puts"/>. It wraps the embedded stream, whose puts
/// place their records before returning, and passes that on (<see cref="IPutsInCallOrder"/>) so that extract keeps
/// as many puts in flight as it does with the embedded stream itself.
/// </summary>
internal sealed class TimedRecordStream(IRecordStream inner, StageClock clock, StageClock puts) : IRecordStream, IPutsInCallOrder
{
    public string Name => inner.Name;

    public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

    public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
    {
        // Only the call itself (the embedded stream writes the records before returning), not the wait for the sync
        // that acknowledges them: several puts wait at once in the background, and adding up their waits would count
        // the same time several times.
        var started = clock.Start();
        try
        {
            return inner.PutRecordsAsync(entries, cancellationToken);
        }
        finally
        {
            clock.Stop(started);
            puts.Stop(started);
        }
    }

    public async Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default)
    {
        var started = clock.Start();
        try
        {
            return await inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            clock.Stop(started);
        }
    }
}
