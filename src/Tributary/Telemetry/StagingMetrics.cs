using System.Diagnostics.Metrics;
using Tributary.Telemetry.Internal;

namespace Tributary.Telemetry;

/// <summary>Instruments of the staging area: what waits for the next load (see <see cref="MetricNames"/>).</summary>
public sealed class StagingMetrics
{
    private readonly GaugeValues _batches = new(null);
    private readonly GaugeValues _rows = new(null);

    internal StagingMetrics(Meter meter)
    {
        meter.CreateObservableGauge(MetricNames.StagingBatchesWaiting, _batches.Observe, "{batch}", "Staging batches not yet loaded.");
        meter.CreateObservableGauge(MetricNames.StagingRowsWaiting, _rows.Observe, "{row}", "Staging rows not yet loaded.");
    }

    /// <summary>Sets what waits in staging for the next load.</summary>
    public void SetWaiting(long batches, long rows)
    {
        _batches.Set(batches);
        _rows.Set(rows);
    }
}
