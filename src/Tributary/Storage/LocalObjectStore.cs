using System.Runtime.CompilerServices;
using Tributary.Delta.Internal;
using Tributary.Ports;
using Tributary.Storage.Internal;

namespace Tributary.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> on a local folder: each key is a file under the root. Writes go to a temp file in
/// the same folder that is renamed into place, so readers never see a partial object and a crash leaves only a temp
/// file, which listings skip.
/// </summary>
public sealed class LocalObjectStore : IObjectStore, IGatheredPuts
{
    private readonly string _root;

    /// <summary>Creates a store rooted at <paramref name="root"/> (created when missing).</summary>
    public LocalObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public string Location => _root;

    /// <summary>Returns the file path of a key, refusing keys that would leave the root.</summary>
    public string GetPath(string key) => ObjectKeys.ToPath(_root, key);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ObjectKeys.Validate(prefix, allowEmpty: true);

        // The deepest folder fully named by the prefix bounds the walk; the rest of the prefix filters names.
        var slash = prefix.LastIndexOf('/');
        var folderKey = slash < 0 ? string.Empty : prefix[..slash];
        var folder = folderKey.Length == 0 ? _root : Path.Combine(_root, folderKey.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var keys = new List<(string Key, FileInfo File)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
        {
            if (TempFiles.IsTemp(file.Name))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                keys.Add((key, file));
            }
        }

        keys.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (key, file) in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return ToStoredObject(key, file);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(GetPath(key));
        return Task.FromResult(file.Exists ? ToStoredObject(key, file) : null);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = GetPath(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"No object '{key}' in {_root}.", path);
        }
    }

    /// <inheritdoc />
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        // Written synchronously: on Linux an asynchronous file write is a blocking write on a pool thread anyway, and
        // the objects are small enough that the hop would cost more than the write.
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var path = GetPath(key);
            TempFiles.Replace(TempFiles.Write(path, content.Span), path);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <inheritdoc />
    Task IGatheredPuts.PutAsync(string key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var path = GetPath(key);
            TempFiles.Replace(TempFiles.Write(path, parts), path);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <inheritdoc />
    public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(new AtomicFileStream(GetPath(key)));

    /// <inheritdoc />
    public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        try
        {
            var path = GetPath(key);
            if (File.Exists(path))
            {
                return Task.FromResult(false);
            }

            var temp = TempFiles.Write(path, content.Span);
            try
            {
                // File.Move without overwrite checks and then renames, so two racing writers can both "win"; link(2)
                // fails when the target exists, so exactly one does.
                return Task.FromResult(NoReplaceLink.TryPublish(temp, path));
            }
            finally
            {
                File.Delete(temp);
            }
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = GetPath(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleting a missing object is not an error.
        }

        return Task.CompletedTask;
    }

    private static StoredObject ToStoredObject(string key, FileInfo file)
    {
        var modified = file.LastWriteTimeUtc;
        var etag = $"{file.Length:x}-{modified.Ticks:x}";
        return new StoredObject(key, file.Length, etag, new DateTimeOffset(modified, TimeSpan.Zero));
    }
}
