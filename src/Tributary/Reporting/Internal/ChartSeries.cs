namespace Tributary.Reporting.Internal;

/// <summary>One named line or group of columns; a null value is a gap.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
