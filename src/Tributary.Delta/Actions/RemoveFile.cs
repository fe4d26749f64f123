namespace Tributary.Delta.Actions;

/// <summary>The <c>remove</c> action: a tombstone for a file that is no longer part of the table.</summary>
/// <param name="Path">The file path as written in the log (URI-encoded), as in the <see cref="AddFile"/> it removes.</param>
/// <param name="DeletionTimestamp">When it was removed, in epoch milliseconds.</param>
/// <param name="DataChange">False when the removal only rearranges data (compaction).</param>
/// <param name="ExtendedFileMetadata">True when partition values and size are present.</param>
/// <param name="PartitionValues">The removed file's partition values.</param>
/// <param name="Size">The removed file's size.</param>
/// <param name="Stats">The removed file's statistics.</param>
/// <param name="Tags">The removed file's tags.</param>
public sealed record RemoveFile(
    string Path,
    long? DeletionTimestamp,
    bool DataChange,
    bool? ExtendedFileMetadata = null,
    IReadOnlyDictionary<string, string?>? PartitionValues = null,
    long? Size = null,
    string? Stats = null,
    IReadOnlyDictionary<string, string>? Tags = null);
