namespace Tributary.Aws.Metrics;

/// <summary>One metric value for <see cref="EmfWriter"/>.</summary>
/// <param name="Name">The metric name, for example <c>RecordsIn</c>.</param>
/// <param name="Value">The value; must be finite.</param>
/// <param name="Unit">A CloudWatch unit name: <c>Count</c>, <c>Bytes</c>, <c>Milliseconds</c>, <c>Seconds</c>, <c>None</c>...</param>
public readonly record struct EmfMetric(string Name, double Value, string Unit = "Count");
