using System.Globalization;
using Tributary.Aws.Storage;
using Tributary.Delta;

namespace Tributary.Aws.Delta;

/// <summary>
/// Delta commits on S3 arbitrated by S3 itself: <c>_delta_log/%020d.json</c> is created with the conditional
/// write <c>If-None-Match: *</c>, so of two writers of one version exactly one succeeds (412 or 409 for the other).
/// This is what delta-rs 1.0 relies on. Every writer of the table must use conditional writes (or this store).
/// </summary>
public sealed class S3ConditionalWriteCommitStore : ICommitStore
{
    private readonly S3ObjectStore _store;
    private readonly string _logPrefix;

    /// <summary>Creates the store for the table whose root is <paramref name="tableKey"/> in <paramref name="store"/>.</summary>
    public S3ConditionalWriteCommitStore(S3ObjectStore store, string tableKey)
    {
        _store = store;
        var root = tableKey.Trim('/');
        _logPrefix = (root.Length == 0 ? "" : root + "/") + "_delta_log/";
    }

    /// <inheritdoc />
    public Task<bool> TryCommitAsync(long version, ReadOnlyMemory<byte> actions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return _store.TryPutNewAsync(_logPrefix + version.ToString("D20", CultureInfo.InvariantCulture) + ".json", actions, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A conditional write is visible as soon as it is decided: there is nothing to recover.</remarks>
    public Task RecoverAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
