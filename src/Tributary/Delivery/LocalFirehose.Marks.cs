using Tributary.Delivery.Internal;

namespace Tributary.Delivery;

public sealed partial class LocalFirehose
{
    private readonly List<(long Mark, TaskCompletionSource Done)> _markWaiters = [];
    private readonly SequenceRanges _deliveredIds = NumbersFromZero();
    private long _deliveredThrough;

    /// <summary>
    /// A mark of every record accepted so far: once <see cref="WhenDeliveredAsync"/> completes for it, those records
    /// are staged (or in the error output). A caller whose puts have returned takes the mark after them, so it covers
    /// them. Records are numbered as they are accepted; deliveries may end out of order, so the delivered mark moves
    /// only over numbers delivered without a gap, and one number still says it all.
    /// </summary>
    internal long AcceptedMark => Interlocked.Read(ref _nextRecordId);

    /// <summary>The highest record number delivered so far (every record up to it is staged or in the error output).</summary>
    internal long DeliveredMark => Interlocked.Read(ref _deliveredThrough);

    /// <summary>
    /// Completes once every record up to <paramref name="mark"/> is delivered, without asking for a delivery: the
    /// buffer fills and is delivered as usual. Lets a consumer checkpoint in the background once its records are staged.
    /// </summary>
    internal Task WhenDeliveredAsync(long mark, CancellationToken cancellationToken)
    {
        lock (_markWaiters)
        {
            if (DeliveredMark >= mark)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _markWaiters.Add((mark, done));
            return cancellationToken.CanBeCanceled ? done.Task.WaitAsync(cancellationToken) : done.Task;
        }
    }

    /// <summary>
    /// Delivers every record up to <paramref name="mark"/> now, if it is not yet: the delivery in the background is
    /// waited for, and the buffer is handed to a new one when it still holds records up to the mark. Other callers keep
    /// putting while it runs (unlike <see cref="FlushAsync"/>, which holds them until the buffer is staged).
    /// </summary>
    /// <exception cref="Exception">The delivery failed; its records are back in the buffer, and the next call retries them.</exception>
    internal async Task DeliverThroughAsync(long mark, CancellationToken cancellationToken)
    {
        if (DeliveredMark >= mark)
        {
            return;
        }

        Task[] deliveries;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            if (_buffer.Count > 0 && _buffer[0].Id <= mark)
            {
                await StartBackgroundDeliveryAsync().ConfigureAwait(false);
            }

            deliveries = [.. _background.Select(d => d.Delivery)];
        }
        finally
        {
            _gate.Release();
        }

        // A failure is also kept with its delivery for the next caller holding the gate, who puts its records back.
        await Task.WhenAll(deliveries).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records that a delivery is done. Deliveries in the background may end out of order, and a failed one's records
    /// are delivered again later with newer ones, so the mark moves only over numbers delivered without a gap.
    /// </summary>
    private void MarkDelivered(ArraySegment<BufferedRecord> delivered)
    {
        long mark;
        lock (_markWaiters)
        {
            var from = 0;
            for (var i = 1; i <= delivered.Count; i++)
            {
                if (i == delivered.Count || delivered[i].Id != delivered[i - 1].Id + 1)
                {
                    _deliveredIds.AddRange(delivered[from].Id, delivered[i - 1].Id);
                    from = i;
                }
            }

            mark = _deliveredIds.Ranges[0].To;
        }

        MarkDelivered(mark);
    }

    /// <summary>Records that every record up to <paramref name="mark"/> is delivered and releases those waiting for it.</summary>
    private void MarkDelivered(long mark)
    {
        List<TaskCompletionSource>? released = null;
        lock (_markWaiters)
        {
            if (mark <= _deliveredThrough)
            {
                return;
            }

            Interlocked.Exchange(ref _deliveredThrough, mark);
            for (var i = _markWaiters.Count - 1; i >= 0; i--)
            {
                if (_markWaiters[i].Mark <= mark)
                {
                    (released ??= []).Add(_markWaiters[i].Done);
                    _markWaiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in released ?? [])
        {
            done.TrySetResult();
        }
    }

    private static SequenceRanges NumbersFromZero()
    {
        // Records are numbered from 1: the first range then always starts at 0 and ends at the mark.
        var ranges = new SequenceRanges();
        ranges.Add(0);
        return ranges;
    }
}
