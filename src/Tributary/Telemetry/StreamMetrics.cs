using System.Diagnostics.Metrics;
using Tributary.Telemetry.Internal;

namespace Tributary.Telemetry;

/// <summary>Instruments of the record stream: consumer lag per shard (see <see cref="MetricNames"/>).</summary>
public sealed class StreamMetrics
{
    private readonly GaugeValues _lagRecords = new("shard");
    private readonly GaugeValues _lagMilliseconds = new("shard");

    internal StreamMetrics(Meter meter)
    {
        meter.CreateObservableGauge(MetricNames.StreamLagRecords, _lagRecords.Observe, "{record}", "Records on a shard not yet checkpointed.");
        meter.CreateObservableGauge(MetricNames.StreamLagMilliseconds, _lagMilliseconds.Observe, "ms", "Age of the oldest unprocessed record of a shard.");
    }

    /// <summary>Sets a shard's lag: records behind the newest, and how old the oldest unprocessed record is.</summary>
    public void SetLag(string shard, long records, double milliseconds)
    {
        _lagRecords.Set(shard, records);
        _lagMilliseconds.Set(shard, milliseconds);
    }
}
