using System.Runtime.CompilerServices;
using Tributary.Delta;
using Tributary.Ports;

namespace Tributary.Storage;

/// <summary>
/// Holds a Delta table in any <see cref="IObjectStore"/> (a local folder or S3): table paths are keys under a prefix.
/// Put-if-absent maps to <see cref="IObjectStore.TryPutNewAsync"/>, which is what makes Delta commits safe.
/// </summary>
public sealed class ObjectStoreDeltaStorage : IDeltaStorage
{
    private readonly IObjectStore _store;
    private readonly string _prefix;

    /// <summary>Creates storage for the table whose root is <paramref name="prefix"/> (for example <c>final/curated</c>).</summary>
    public ObjectStoreDeltaStorage(IObjectStore store, string prefix)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prefix);
        _store = store;
        prefix = prefix.Trim('/');
        _prefix = prefix.Length == 0 ? string.Empty : prefix + "/";
    }

    /// <inheritdoc />
    public string Location => _prefix.Length == 0 ? _store.Location : $"{_store.Location.TrimEnd('/')}/{_prefix.TrimEnd('/')}";

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) =>
        _store.OpenReadAsync(Key(path), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The store's own write stream is returned, so a failed write publishes nothing when the store's stream is an
    /// <see cref="IAbandonableStream"/> (the local and S3 stores' are).
    /// </remarks>
    public Task<Stream> CreateAsync(string path, CancellationToken cancellationToken = default) =>
        _store.CreateAsync(Key(path), cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryCreateNewAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        _store.TryPutNewAsync(Key(path), content, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<DeltaFileInfo> ListAsync(string prefix, string? startAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await foreach (var item in _store.ListAsync(_prefix + prefix, cancellationToken).ConfigureAwait(false))
        {
            var path = item.Key[_prefix.Length..];
            if (startAfter is not null && string.CompareOrdinal(path, startAfter) <= 0)
            {
                continue;
            }

            yield return new DeltaFileInfo(path, item.Size, item.LastModified);
        }
    }

    /// <inheritdoc />
    public async Task<DeltaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = await _store.GetInfoAsync(Key(path), cancellationToken).ConfigureAwait(false);
        return info is null ? null : new DeltaFileInfo(path, info.Size, info.LastModified);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        _store.DeleteAsync(Key(path), cancellationToken);

    private string Key(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return _prefix + path.TrimStart('/');
    }
}
