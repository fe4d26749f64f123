using Tributary.Configuration;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Delivery;

/// <summary>
/// What the local delivery stream's tests share: a temp data root with a local object store, the options of a
/// delivery stream named <c>retail</c> that retries without waiting, and the keys written under a prefix.
/// </summary>
internal sealed class FirehoseFolder : IDisposable
{
    /// <summary>An arrival time: 2024-11-27 09:13:20.123 UTC.</summary>
    public const long Arrival = 1732698800123;

    private readonly TempDirectory _folder;

    public FirehoseFolder(string name)
    {
        _folder = new TempDirectory(name);
        Store = new LocalObjectStore(_folder.Path);
    }

    public string Path => _folder.Path;

    public LocalObjectStore Store { get; }

    public static DeliverOptions Options(int intervalSeconds = 900, int retries = 2) => new()
    {
        StreamName = "retail",
        BufferIntervalInSeconds = intervalSeconds,
        RetryBackoffMilliseconds = 0,
        NumberOfRetries = retries,
    };

    public string Combine(params string[] parts) => _folder.Combine(parts);

    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(prefix))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    public void Dispose() => _folder.Dispose();
}
