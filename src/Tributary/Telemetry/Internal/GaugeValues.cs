using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tributary.Telemetry.Internal;

/// <summary>
/// The current levels behind one observable gauge, one value per tag value (a shard, a table). Stages set levels
/// whenever they change; the meter reads them only when a listener collects, so setting costs a dictionary write.
/// </summary>
internal sealed class GaugeValues(string? tagName)
{
    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    public void Set(string key, double value) => _values[key] = value;

    public void Set(double value) => _values[string.Empty] = value;

    public void Remove(string key) => _values.TryRemove(key, out _);

    public IEnumerable<Measurement<double>> Observe()
    {
        foreach (var (key, value) in _values)
        {
            yield return tagName is null
                ? new Measurement<double>(value)
                : new Measurement<double>(value, new KeyValuePair<string, object?>(tagName, key));
        }
    }
}
