namespace Tributary.Delta;

/// <summary>
/// The files of one Delta table: data files and the <c>_delta_log</c>. Paths are relative to the table root and
/// always use <c>/</c>. Implementations exist for a local folder and (in Tributary) for any object store.
/// </summary>
public interface IDeltaStorage
{
    /// <summary>A human-readable location of the table root (a folder path or a URI), used in messages.</summary>
    string Location { get; }

    /// <summary>Opens a file for reading.</summary>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces a file. The content becomes visible when the returned stream is disposed;
    /// a stream abandoned by a crash leaves no partial file at <paramref name="path"/>. A stream that implements
    /// <see cref="IAbandonableStream"/> also publishes nothing when its writer fails and abandons it.
    /// </summary>
    Task<Stream> CreateAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a file only if none exists at <paramref name="path"/>, atomically: readers see all of the content or
    /// no file. Returns <see langword="false"/> when a file was already there (another writer won).
    /// </summary>
    Task<bool> TryCreateNewAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the files whose path starts with <paramref name="prefix"/>, recursively, in ordinal order of path.
    /// When <paramref name="startAfter"/> is given, only paths ordinally greater than it are returned.
    /// </summary>
    IAsyncEnumerable<DeltaFileInfo> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the file's size and modification time, or <see langword="null"/> when it does not exist.</summary>
    Task<DeltaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file; deleting a missing file is not an error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken = default);
}
