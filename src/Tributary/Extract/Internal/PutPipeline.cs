using System.Diagnostics;

namespace Tributary.Extract.Internal;

/// <summary>
/// Two put batches: <see cref="Filling"/> takes new records while the other one's put runs in the background. A put
/// starts only after the previous one has finished, so puts stay one at a time and in order.
/// </summary>
internal sealed class PutPipeline(int maxRecordBytes, Func<PutBatch, CancellationToken, Task> put) : IDisposable
{
    private PutBatch _sending = new(maxRecordBytes);
    private Task? _inFlight;

    /// <summary>The batch records are added to.</summary>
    public PutBatch Filling { get; private set; } = new(maxRecordBytes);

    /// <summary>How long <see cref="SendAsync"/> and <see cref="CompleteAsync"/> waited for a previous put.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>
    /// Waits for the previous put (rethrowing its failure), then starts putting <see cref="Filling"/> in the background
    /// and makes the other batch the one to fill.
    /// </summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        if (Filling.Count == 0)
        {
            return;
        }

        await WaitAsync().ConfigureAwait(false);
        var batch = Filling;
        (Filling, _sending) = (_sending, batch);
        Filling.Clear();

        // Task.Run: the embedded stream's put completes synchronously (it writes and syncs before returning).
        _inFlight = Task.Run(() => put(batch, cancellationToken), cancellationToken);
    }

    /// <summary>Sends what is left and waits until every put has been acknowledged.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        await WaitAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for a put still running, ignoring its outcome: the caller is already failing.</summary>
    public async Task AbandonAsync()
    {
        if (_inFlight is { } running)
        {
            _inFlight = null;
            await running.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Filling.Dispose();
        _sending.Dispose();
    }

    private async Task WaitAsync()
    {
        if (_inFlight is not { } running)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await running.ConfigureAwait(false);
        }
        finally
        {
            _inFlight = null;
            Waited += Stopwatch.GetElapsedTime(started);
        }
    }
}
