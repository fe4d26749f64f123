namespace Tributary.Delta.Actions;

/// <summary>The <c>add</c> action: a data file that is part of the table.</summary>
/// <param name="Path">The file path as written in the log: relative to the table root and URI-encoded.</param>
/// <param name="PartitionValues">A value for every partition column; <see langword="null"/> for a null partition.</param>
/// <param name="Size">The file size in bytes.</param>
/// <param name="ModificationTime">The file's creation time in epoch milliseconds.</param>
/// <param name="DataChange">False when the file only rearranges existing data (compaction).</param>
/// <param name="Stats">Per-file statistics as a JSON string, when collected.</param>
/// <param name="Tags">Optional tags.</param>
public sealed record AddFile(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    bool DataChange,
    string? Stats = null,
    IReadOnlyDictionary<string, string>? Tags = null);
