using System.Diagnostics.Metrics;
using Tributary.Telemetry.Internal;

namespace Tributary.Telemetry;

/// <summary>Instruments of the staging area: what waits for the next load (see <see cref="MetricNames"/>).</summary>
public sealed class StagingMetrics
{
    private readonly GaugeValues _batches = new(null);

    internal StagingMetrics(Meter meter)
    {
        meter.CreateObservableGauge(MetricNames.StagingBatchesWaiting, _batches.Observe, "{batch}", "Staging batches not yet loaded.");
    }

    /// <summary>Sets how many staging batches wait for the next load.</summary>
    public void SetWaiting(long batches) => _batches.Set(batches);
}
