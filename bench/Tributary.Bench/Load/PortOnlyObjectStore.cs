using Tributary.Ports;
using Tributary.Storage;

namespace Tributary.Bench.Load;

/// <summary>
/// A local folder behind the bare <see cref="IObjectStore"/> port, so the query path treats it like S3 (copies what it
/// reads into the cache); counts the data files opened.
/// </summary>
internal sealed class PortOnlyObjectStore : IObjectStore
{
    private readonly LocalObjectStore _inner;
    private int _dataFilesRead;

    public PortOnlyObjectStore(string root)
    {
        _inner = new LocalObjectStore(root);
    }

    public string Location => "port://" + _inner.Location.TrimStart('/');

    /// <summary>Data files (Parquet outside the log, so not checkpoints) opened for reading so far.</summary>
    public int DataFilesRead => _dataFilesRead;

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => _inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        if (key.EndsWith(".parquet", StringComparison.Ordinal) && !key.Contains("/_delta_log/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _dataFilesRead);
        }

        return _inner.OpenReadAsync(key, cancellationToken);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => _inner.PutAsync(key, content, cancellationToken);

    public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default) => _inner.CreateAsync(key, cancellationToken);

    public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => _inner.TryPutNewAsync(key, content, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => _inner.DeleteAsync(key, cancellationToken);
}
