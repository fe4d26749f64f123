using Tributary.Extract;
using Tributary.Ports;

namespace Tributary.Runtime.Internal;

/// <summary>
/// Wrappers <see cref="LocalPipeline"/> puts around its parts, so that a measuring host (the pipeline bench) runs the
/// pipeline itself instead of a copy of its wiring. Each one only sees the calls; what the pipeline decides from the
/// parts themselves (the embedded stream's folder, the embedded delivery stream's journal, flushes and statistics)
/// still comes from the unwrapped parts.
/// </summary>
internal sealed class PipelineDecorators
{
    /// <summary>
    /// Wraps the record stream extract puts to and the event-source mapping reads. A wrapper around the embedded stream
    /// should pass on <see cref="Streaming.Internal.IPutsInCallOrder"/>, or extract keeps only one put in flight.
    /// </summary>
    public Func<IRecordStream, IRecordStream>? RecordStream { get; init; }

    /// <summary>
    /// Wraps the delivery stream as process sees it (its puts; the pipeline flushes the stream itself). The delivery
    /// stream itself is not replaced, so the embedded one keeps its in-process transformation.
    /// </summary>
    public Func<IDeliveryStream, IDeliveryStream>? DeliveryStream { get; init; }

    /// <summary>Wraps the object store the embedded delivery stream writes staging and error objects to (only when the pipeline creates it).</summary>
    public Func<IObjectStore, IObjectStore>? StagingStore { get; init; }

    /// <summary>
    /// Told the duration of each process call and each raw flush, on the thread that ran it (several at once across
    /// shards). Process calls include the time spent in the delivery stream.
    /// </summary>
    public Action<TimeSpan>? ProcessElapsed { get; init; }

    /// <summary>Told extract's summary as soon as extract ends, while process may still be draining the shards.</summary>
    public Action<ExtractSummary>? ExtractEnded { get; init; }
}
