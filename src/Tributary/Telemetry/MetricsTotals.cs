using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tributary.Telemetry;

/// <summary>
/// Listens to the <c>Tributary</c> meter in-process and keeps totals from the moment it is created: the sum of each
/// counter, the count, sum and maximum of each histogram, and the last value of each gauge (per tag set). The run and
/// watch summaries use it to write the run history without each stage reporting twice.
/// </summary>
public sealed class MetricsTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HistogramTotal> _histograms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _gauges = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _freshness = new();

    /// <summary>Starts listening.</summary>
    public MetricsTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TributaryMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of a counter over all tags, or 0.</summary>
    public double Sum(string name) => _sums.TryGetValue(name, out var value) ? value : 0;

    /// <summary>The sum of a counter for one tag value, or 0.</summary>
    public double Sum(string name, string tagName, string tagValue) =>
        _sums.TryGetValue(Key(name, tagName, tagValue), out var value) ? value : 0;

    /// <summary>Count, sum and maximum of a histogram's measurements.</summary>
    public HistogramTotal Histogram(string name) => _histograms.TryGetValue(name, out var value) ? value : default;

    /// <summary>The freshness measurements seen (seconds), the most recent <see cref="MaxFreshnessSamples"/> of them.</summary>
    public IReadOnlyList<double> FreshnessSamples => [.. _freshness];

    /// <summary>How many freshness measurements are kept for percentiles.</summary>
    public const int MaxFreshnessSamples = 10_000;

    /// <summary>
    /// Reads every gauge now and returns the last value per name and tag (keys <c>name</c> or <c>name{tag=value}</c>).
    /// </summary>
    public IReadOnlyDictionary<string, double> ReadGauges()
    {
        _listener.RecordObservableInstruments();
        return new Dictionary<string, double>(_gauges, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument)
        {
            case Counter<long> or Counter<double>:
                _sums.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
                foreach (var tag in tags)
                {
                    _sums.AddOrUpdate(Key(instrument.Name, tag.Key, tag.Value?.ToString() ?? string.Empty), value, (_, old) => old + value);
                }

                break;
            case Histogram<long> or Histogram<double>:
                _histograms.AddOrUpdate(
                    instrument.Name,
                    new HistogramTotal(1, value, value),
                    (_, old) => new HistogramTotal(old.Count + 1, old.Sum + value, Math.Max(old.Max, value)));
                if (instrument.Name == MetricNames.Freshness)
                {
                    _freshness.Enqueue(value);
                    while (_freshness.Count > MaxFreshnessSamples && _freshness.TryDequeue(out _))
                    {
                    }
                }

                break;
            default:
                var key = instrument.Name;
                foreach (var tag in tags)
                {
                    key = Key(instrument.Name, tag.Key, tag.Value?.ToString() ?? string.Empty);
                }

                _gauges[key] = value;
                break;
        }
    }

    private static string Key(string name, string tagName, string tagValue) => $"{name}{{{tagName}={tagValue}}}";
}
