using System.Diagnostics;
using Tributary.Ports;

namespace Tributary.Extract.Internal;

/// <summary>
/// The puts of one file, kept in flight while the next batch fills. Puts are started in order on the caller's thread
/// and acknowledged in that order: a put counts as done only when it and every put before it have succeeded.
/// </summary>
/// <remarks>
/// The ledger's stream positions (tails) tell recovery where to start looking for records that were put but not yet
/// recorded. With puts in flight, a later put may land before an earlier one's retries, so the tails written with
/// put <c>n</c>'s line only include the puts that were acknowledged before put <c>n + 1</c> was started: every record
/// of a put not yet recorded then lies after them.
/// </remarks>
/// <param name="maxRecordBytes">The largest record a batch must hold.</param>
/// <param name="depth">How many puts may be in flight at once.</param>
/// <param name="put">Puts one batch.</param>
/// <param name="acknowledge">Told each time puts are acknowledged, in order.</param>
/// <param name="free">
/// Empty batches to fill, shared by the pipelines of one extract run and given back on dispose: a batch's buffer is
/// large (on the large-object heap), so new buffers for each file would be collected only by gen2 collections.
/// </param>
internal sealed class PutPipeline(
    int maxRecordBytes,
    int depth,
    Func<PutBatch, CancellationToken, Task<PutRecordResultEntry[]>> put,
    Action<PutsAcknowledged> acknowledge,
    Stack<PutBatch> free) : IDisposable
{
    private readonly Queue<InFlight> _inFlight = new();
    private readonly Stack<PutBatch> _free = free;
    private readonly List<(long Ordinal, PutRecordResultEntry[] Results)> _unrecorded = [];
    private long _acknowledged;

    /// <summary>The batch records are added to.</summary>
    public PutBatch Filling { get; private set; } = free.TryPop(out var reused) ? reused : new(maxRecordBytes);

    /// <summary>How long the caller waited for puts to be acknowledged.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>
    /// Starts putting <see cref="Filling"/> and hands out an empty batch to fill; first, when <c>depth</c> puts are in
    /// flight already, waits for the oldest (rethrowing its failure) and acknowledges every put that has finished.
    /// </summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        if (Filling.Count == 0)
        {
            return;
        }

        if (_inFlight.Count >= depth)
        {
            await AcknowledgeAsync(all: false).ConfigureAwait(false);
        }

        var batch = Filling;
        _inFlight.Enqueue(new InFlight(batch, put(batch, cancellationToken), _acknowledged));
        Filling = _free.TryPop(out var free) ? free : new PutBatch(maxRecordBytes);
    }

    /// <summary>Sends what is left and waits until every put has been acknowledged.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        await AcknowledgeAsync(all: true).ConfigureAwait(false);
    }

    /// <summary>Waits for the puts still running, ignoring their outcome: the caller is already failing.</summary>
    public async Task AbandonAsync()
    {
        while (_inFlight.TryDequeue(out var running))
        {
            await running.Put.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            _free.Push(running.Batch);
        }
    }

    /// <summary>Gives the empty batches back to the shared stack (at most <c>depth + 1</c> stay there); disposes the rest.</summary>
    public void Dispose()
    {
        Filling.Clear();
        _free.Push(Filling);
        while (_free.Count > depth + 1)
        {
            _free.Pop().Dispose();
        }

        foreach (var running in _inFlight)
        {
            running.Batch.Dispose();
        }
    }

    /// <summary>Waits for the oldest put (or all), then acknowledges the finished ones in order, with one ledger line.</summary>
    private async Task AcknowledgeAsync(bool all)
    {
        PutBatch? last = null;
        var records = 0;
        while (_inFlight.TryPeek(out var oldest) && (last is null || all || oldest.Put.IsCompleted))
        {
            if (!oldest.Put.IsCompleted)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await oldest.Put.ConfigureAwait(false);
                }
                finally
                {
                    Waited += Stopwatch.GetElapsedTime(started);
                }
            }

            var results = await oldest.Put.ConfigureAwait(false);
            _inFlight.Dequeue();
            _unrecorded.Add((++_acknowledged, results));
            records += oldest.Batch.Count;
            if (last is not null)
            {
                last.Clear();
                _free.Push(last);
            }

            last = oldest.Batch;
        }

        if (last is null)
        {
            return;
        }

        // Only the positions of puts acknowledged before the next one in flight started (all of them when none is).
        var safe = _inFlight.TryPeek(out var next) ? next.AcknowledgedAtStart : _acknowledged;
        var positions = new List<PutRecordResultEntry>();
        var kept = 0;
        for (var i = 0; i < _unrecorded.Count; i++)
        {
            var (ordinal, results) = _unrecorded[i];
            if (ordinal <= safe)
            {
                positions.AddRange(results);
            }
            else
            {
                _unrecorded[kept++] = (ordinal, results);
            }
        }

        _unrecorded.RemoveRange(kept, _unrecorded.Count - kept);
        acknowledge(new PutsAcknowledged(last.LastIndex + 1, records, positions));
        last.Clear();
        _free.Push(last);
    }

    private sealed record InFlight(PutBatch Batch, Task<PutRecordResultEntry[]> Put, long AcknowledgedAtStart);
}
