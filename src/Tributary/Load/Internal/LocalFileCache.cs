using System.Globalization;

namespace Tributary.Load.Internal;

/// <summary>
/// A folder under the temp directory (or <c>Load:CacheFolder</c>) into which the objects one step reads are copied,
/// because DuckDB reads local files only. The copies keep their relative paths (so Hive-style partition folders
/// stay), the total is bounded, and the folder is deleted on dispose.
/// </summary>
internal sealed class LocalFileCache : IDisposable
{
    private readonly string? _parent;
    private readonly long _maxBytes;
    private string? _root;
    private long _bytes;

    public LocalFileCache(string? parent, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _parent = parent;
        _maxBytes = maxBytes;
    }

    /// <summary>Bytes copied so far.</summary>
    public long Bytes => _bytes;

    /// <summary>
    /// Copies the content <paramref name="open"/> returns to <c>relativePath</c> in the cache and returns the copy's
    /// full path. <paramref name="source"/> names the object in errors.
    /// </summary>
    /// <exception cref="InvalidOperationException">The copy would take the cache past its limit.</exception>
    public async Task<string> CopyAsync(string relativePath, string source, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        var path = PathOf(relativePath);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var input = await open(cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    _bytes += read;
                    if (_bytes > _maxBytes)
                    {
                        throw new InvalidOperationException(
                            $"Copying {source} to the local cache would take it past Load:MaxCacheMegabytes " +
                            $"({(_maxBytes >> 20).ToString(CultureInfo.InvariantCulture)} MB); DuckDB reads local copies of the objects a step needs. " +
                            "Raise the limit or lower Load:MaxBatchesPerLoad.");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return path;
    }

    /// <summary>The full path a relative folder has in the cache (created with the cache on first use).</summary>
    public string FolderOf(string relativeFolder) => PathOf(relativeFolder);

    public void Dispose()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A file DuckDB still holds open on some platforms; the temp folder is reclaimed later.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private string PathOf(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".." || s.Contains('\\') || s.Contains('\0')))
        {
            throw new ArgumentException($"'{relativePath}' cannot be cached: it is not a plain relative path.", nameof(relativePath));
        }

        _root ??= Directory.CreateDirectory(Path.Combine(
            _parent ?? Path.GetTempPath(), $"tributary-cache-{Guid.NewGuid():N}")).FullName;
        return Path.Combine(_root, Path.Combine(segments));
    }
}
