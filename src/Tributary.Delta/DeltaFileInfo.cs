namespace Tributary.Delta;

/// <summary>A file in a table's storage.</summary>
/// <param name="Path">The path relative to the table root, with <c>/</c> separators.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="LastModified">The modification time; Delta uses it as the commit timestamp of log files.</param>
public sealed record DeltaFileInfo(string Path, long Size, DateTimeOffset LastModified);
