using Tributary.Delivery;
using Tributary.Ports;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The embedded delivery stream seen from process, with two clocks: <c>calls</c> counts the whole time callers spend
/// in it (waits included, to subtract from process), <c>busy</c> only the time it works. The delivery stream
/// serializes its callers anyway, so taking the same turn here first changes nothing but what is measured.
/// </summary>
internal sealed class TimedDelivery(LocalFirehose inner, StageClock calls, StageClock busy) : IDeliveryStream
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public string Name => inner.Name;

    public async Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        var called = calls.Start();
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = busy.Start();
        try
        {
            return await inner.PutRecordBatchAsync(records, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            busy.Stop(started);
            _turn.Release();
            calls.Stop(called);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = busy.Start();
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            busy.Stop(started);
            _turn.Release();
        }
    }
}
