using System.Diagnostics.Metrics;
using Tributary.Telemetry.Internal;

namespace Tributary.Telemetry;

/// <summary>Instruments of the record stream: consumer lag per shard (see <see cref="MetricNames"/>).</summary>
public sealed class StreamMetrics
{
    private readonly GaugeValues _lagRecords = new("shard");
    private readonly GaugeValues _lagSeconds = new("shard");

    internal StreamMetrics(Meter meter)
    {
        meter.CreateObservableGauge(MetricNames.StreamLagRecords, _lagRecords.Observe, "{record}", "Records on a shard not yet checkpointed.");
        meter.CreateObservableGauge(MetricNames.StreamLagSeconds, _lagSeconds.Observe, "s", "Age of the oldest unprocessed record of a shard.");
    }

    /// <summary>
    /// Sets a shard's lag: records behind the newest, and how old the oldest unprocessed record is, in milliseconds
    /// (exported in seconds, the unit of every duration on the meter).
    /// </summary>
    public void SetLag(string shard, long records, double milliseconds)
    {
        _lagRecords.Set(shard, records);
        _lagSeconds.Set(shard, milliseconds / 1000);
    }
}
