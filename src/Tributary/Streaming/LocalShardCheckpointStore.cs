using System.Text;
using Tributary.Delta.Internal;
using Tributary.Ports;
using Tributary.Storage.Internal;

namespace Tributary.Streaming;

/// <summary>
/// Consumer checkpoints of the embedded stream: one small file per consumer and shard
/// (<c>&lt;folder&gt;/checkpoints/&lt;consumer&gt;/&lt;shardId&gt;</c>), replaced atomically by rename.
/// </summary>
public sealed class LocalShardCheckpointStore : IShardCheckpointStore
{
    private readonly string _folder;
    private readonly bool _flushToDisk;

    /// <summary>Creates a store under <paramref name="streamFolder"/> (see <see cref="LocalRecordStream.Folder"/>).</summary>
    /// <param name="streamFolder">The embedded stream's folder.</param>
    /// <param name="flushToDisk">Whether each checkpoint is forced to the disk (<c>Stream:FlushToDisk</c>).</param>
    public LocalShardCheckpointStore(string streamFolder, bool flushToDisk = true)
    {
        ArgumentNullException.ThrowIfNull(streamFolder);
        _folder = Path.Combine(streamFolder, "checkpoints");
        _flushToDisk = flushToDisk;
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string consumer, string shardId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(consumer, shardId);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <inheritdoc />
    public Task SetAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceNumber);
        var path = PathOf(consumer, shardId);
        var folder = Path.GetDirectoryName(path)!;
        if (_flushToDisk)
        {
            DurableFiles.CreateDirectory(folder);
            DurableFiles.SyncFileSystem(folder);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        TempFiles.WriteAllBytes(path, Encoding.UTF8.GetBytes(sequenceNumber + "\n"), _flushToDisk);
        return Task.CompletedTask;
    }

    private string PathOf(string consumer, string shardId)
    {
        CheckName(consumer, nameof(consumer));
        CheckName(shardId, nameof(shardId));
        return Path.Combine(_folder, consumer, shardId);
    }

    private static void CheckName(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value is "." or ".." || value.AsSpan().IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"'{value}' cannot be used as a {name}: it must not contain '/', '\\' or NUL.", name);
        }
    }
}
