namespace Tributary.Delta;

/// <summary>The outcome of <c>OptimizeAsync</c>.</summary>
/// <param name="Version">The version of the OPTIMIZE commit, or the version read when nothing needed compacting.</param>
/// <param name="FilesRemoved">Small files compacted away.</param>
/// <param name="FilesAdded">Compacted files written.</param>
/// <param name="PartitionsOptimized">Partitions that had files compacted.</param>
public sealed record DeltaOptimizeResult(long Version, int FilesRemoved, int FilesAdded, int PartitionsOptimized);
