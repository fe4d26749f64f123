namespace Tributary.Telemetry;

/// <summary>What a histogram has measured: how many values, their sum and the largest.</summary>
/// <param name="Count">Measurements taken.</param>
/// <param name="Sum">Their sum.</param>
/// <param name="Max">The largest.</param>
public readonly record struct HistogramTotal(long Count, double Sum, double Max);
