using Tributary.Delta.Internal;

namespace Tributary.Delta;

/// <summary>
/// The default commit store: a version belongs to the writer that creates <c>_delta_log/%020d.json</c> first,
/// using the storage's atomic create-if-absent.
/// </summary>
public sealed class StorageCommitStore : ICommitStore
{
    private readonly IDeltaStorage _storage;

    /// <summary>Creates a commit store over a table's storage.</summary>
    public StorageCommitStore(IDeltaStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <inheritdoc/>
    public Task<bool> TryCommitAsync(long version, ReadOnlyMemory<byte> actions, CancellationToken cancellationToken = default) =>
        _storage.TryCreateNewAsync(LogPaths.Commit(version), actions, cancellationToken);

    /// <inheritdoc/>
    public Task RecoverAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
