using System.Collections.Concurrent;
using Tributary.Ports;
using Tributary.Storage;

namespace Tributary.Tests.Load;

/// <summary>
/// A real local object store behind the bare <see cref="IObjectStore"/> port: it does not expose file paths, so code
/// that takes the local fast path for a <see cref="LocalObjectStore"/> must go through the store like it would on S3.
/// Counts reads, so tests can tell which objects were fetched.
/// </summary>
internal sealed class OpaqueObjectStore : IObjectStore
{
    private readonly LocalObjectStore _inner;
    private readonly ConcurrentQueue<string> _readKeys = new();
    private int _reads;

    public OpaqueObjectStore(string root)
    {
        _inner = new LocalObjectStore(root);
    }

    public string Location => "opaque://" + _inner.Location.TrimStart('/');

    public int Reads => _reads;

    /// <summary>The keys opened for reading, in order, repeats included.</summary>
    public IReadOnlyList<string> ReadKeys => [.. _readKeys];

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => _inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        _readKeys.Enqueue(key);
        return _inner.OpenReadAsync(key, cancellationToken);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => _inner.PutAsync(key, content, cancellationToken);

    public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default) => _inner.CreateAsync(key, cancellationToken);

    public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => _inner.TryPutNewAsync(key, content, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => _inner.DeleteAsync(key, cancellationToken);
}
