namespace Tributary.Ports;

/// <summary>
/// The object-store port: where source files arrive and where raw, staging, quarantine and final data are written.
/// Keys use <c>/</c> and never start with it. Embedded: a local folder. At scale: an S3 bucket and prefix.
/// </summary>
public interface IObjectStore
{
    /// <summary>A human-readable location of the store's root (a folder or <c>s3://bucket/prefix</c>), used in messages.</summary>
    string Location { get; }

    /// <summary>Lists objects whose key starts with <paramref name="prefix"/>, recursively, in ordinal key order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Returns an object's metadata, or <see langword="null"/> when it does not exist.</summary>
    Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for streaming reads.</summary>
    /// <exception cref="FileNotFoundException">No object exists at <paramref name="key"/>.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes (or replaces) a whole object atomically: readers see the old or the new content, never a part.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a stream that writes an object of any size. The object appears, whole, when the stream is disposed;
    /// a writer that dies first leaves nothing at <paramref name="key"/>. The stream should implement
    /// <see cref="Delta.IAbandonableStream"/>, so that a writer that fails part-way (a Delta data file, say) can
    /// dispose it without publishing; both built-in stores' streams do.
    /// </summary>
    Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an object only if none exists at <paramref name="key"/>, atomically. Returns <see langword="false"/>
    /// when one already existed. This is what Delta commits rely on.
    /// </summary>
    Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
