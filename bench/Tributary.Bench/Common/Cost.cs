namespace Tributary.Bench.Common;

/// <summary>Wall seconds, CPU seconds and bytes allocated between a <see cref="CostMark"/> and now.</summary>
internal readonly record struct Cost(double Wall, double Cpu, long Allocated);
