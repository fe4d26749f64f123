using System.Diagnostics.Metrics;
using Tributary.Telemetry;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Adds the duration of every transform invocation, as the transform stage reports it in its metrics, to a clock. The
/// delivery stream transforms in process only with the bare <c>TransformHandler</c>, so the bench cannot wrap it.
/// </summary>
internal sealed class TransformClock : IDisposable
{
    private readonly MeterListener _listener = new();

    public TransformClock(StageClock clock)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TributaryMetrics.MeterName && instrument.Name == MetricNames.TransformDuration)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => clock.Add(TimeSpan.FromSeconds(seconds)));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();
}
