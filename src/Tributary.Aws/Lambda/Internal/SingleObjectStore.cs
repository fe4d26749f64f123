using System.Runtime.CompilerServices;
using Tributary.Ports;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// The object store as the extract stage sees it inside one invocation: listing shows only the object the event
/// named, so the stage's own parsing, quarantine and recovery run on exactly that object; every other call (reads,
/// quarantine copies and reasons) goes to the real store.
/// </summary>
internal sealed class SingleObjectStore(IObjectStore inner, StoredObject only) : IObjectStore
{
    public string Location => inner.Location;

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (only.Key.StartsWith(prefix, StringComparison.Ordinal))
        {
            yield return only;
        }
    }

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutAsync(key, content, cancellationToken);

    public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default) => inner.CreateAsync(key, cancellationToken);

    public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.TryPutNewAsync(key, content, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
}
