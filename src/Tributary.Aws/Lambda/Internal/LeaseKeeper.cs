using System.Threading.Channels;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// Keeps an invocation's claim on a source object alive while the extract stage runs: writes the latest progress
/// (next record index, shard tails) to the ledger in the background, and renews the lease every third of its length
/// when there is no progress to write. The stage's progress callback is synchronous and must not wait for DynamoDB,
/// so progress is handed over latest-wins; what the ledger lags behind is found again by the stage's stream
/// recovery after a crash. When the claim is lost, <see cref="Lost"/> is cancelled so the stage stops putting.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly ExtractLedgerTable _table;
    private readonly string _id;
    private readonly string _owner;
    private readonly TimeSpan _lease;
    private readonly Channel<(long Next, Dictionary<string, string> Tails)> _progress =
        Channel.CreateBounded<(long, Dictionary<string, string>)>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    public LeaseKeeper(ExtractLedgerTable table, string id, string owner, TimeSpan lease)
    {
        _table = table;
        _id = id;
        _owner = owner;
        _lease = lease;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Cancelled when another invocation took the claim over.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Why the claim was lost, once it was.</summary>
    public Exception? LostBecause { get; private set; }

    public void Report(long next, IReadOnlyDictionary<string, string> tails) =>
        _progress.Writer.TryWrite((next, new Dictionary<string, string>(tails, StringComparer.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RunAsync()
    {
        var renewEvery = _lease / 3;
        while (!_stop.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            wait.CancelAfter(renewEvery);
            try
            {
                await _progress.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                // Time to renew.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (_progress.Reader.TryRead(out var latest))
                {
                    await _table.RecordProgressAsync(_id, _owner, _lease, latest.Next, latest.Tails, _stop.Token).ConfigureAwait(false);
                }
                else
                {
                    await _table.RenewAsync(_id, _owner, _lease, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (LeaseLostException ex)
            {
                LostBecause = ex;
                await _lost.CancelAsync().ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or IOException)
            {
                // The SDK already retried; the next round tries again, and the lease outlives two missed rounds.
            }
        }
    }
}
