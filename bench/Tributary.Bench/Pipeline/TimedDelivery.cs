using Tributary.Ports;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The delivery stream seen from process, with the whole time callers spend in its puts (waits for their turn
/// included) counted in <paramref name="calls"/>, to subtract from process.
/// </summary>
internal sealed class TimedDelivery(IDeliveryStream inner, StageClock calls) : IDeliveryStream
{
    public string Name => inner.Name;

    public async Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        var called = calls.Start();
        try
        {
            return await inner.PutRecordBatchAsync(records, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            calls.Stop(called);
        }
    }
}
