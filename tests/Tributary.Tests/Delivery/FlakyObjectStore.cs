using Tributary.Ports;

namespace Tributary.Tests.Delivery;

/// <summary>An object store whose writes fail while <see cref="FailWrites"/> is set, like a full disk or an S3 outage.</summary>
internal sealed class FlakyObjectStore(IObjectStore inner) : IObjectStore
{
    public bool FailWrites { get; set; }

    /// <summary>When set, a stream from <see cref="CreateAsync"/> opens but fails after this many bytes.</summary>
    public long? FailStreamsAfterBytes { get; set; }

    public string Location => inner.Location;

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        FailWrites ? throw new IOException("No space left on device") : inner.PutAsync(key, content, cancellationToken);

    public async Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default)
    {
        if (FailWrites)
        {
            throw new IOException("No space left on device");
        }

        var stream = await inner.CreateAsync(key, cancellationToken).ConfigureAwait(false);
        return FailStreamsAfterBytes is { } allowed ? new FailingWriteStream(stream, allowed) : stream;
    }

    public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        FailWrites ? throw new IOException("No space left on device") : inner.TryPutNewAsync(key, content, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
}
