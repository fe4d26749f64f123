using System.Runtime.CompilerServices;
using Tributary.Delta.Internal;

namespace Tributary.Delta;

/// <summary>
/// A Delta table in a local folder. Files are written to a temp file beside their target and then renamed, so
/// readers never see partial content; <see cref="TryCreateNewAsync"/> links the temp file to its target without
/// replacing, which makes commit-file creation atomic between processes.
/// </summary>
public sealed class LocalDeltaStorage : IDeltaStorage
{
    private readonly string _root;

    /// <summary>Creates storage rooted at a folder (created on the first write if absent).</summary>
    public LocalDeltaStorage(string rootPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        _root = Path.GetFullPath(rootPath);
    }

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        try
        {
            Stream stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536, FileOptions.Asynchronous);
            return Task.FromResult(stream);
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"'{path}' does not exist in '{_root}'.", full);
        }
    }

    /// <inheritdoc/>
    public Task<Stream> CreateAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Stream stream = new RenameOnDisposeStream(TempPathFor(full), full);
        return Task.FromResult(stream);
    }

    /// <inheritdoc/>
    public async Task<bool> TryCreateNewAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        if (File.Exists(full))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TempPathFor(full);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return NoReplaceLink.TryPublish(temp, full);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DeltaFileInfo> ListAsync(string prefix, string? startAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The folder part of the prefix bounds the walk; the rest filters names.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : prefix[..slash];
        var start = folder.Length == 0 ? _root : FullPath(folder);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var found = new List<DeltaFileInfo>();
        foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_root, file.FullName).Replace('\\', '/');
            if (!relative.StartsWith(prefix, StringComparison.Ordinal) || IsTemp(file.Name))
            {
                continue;
            }

            if (startAfter is not null && string.CompareOrdinal(relative, startAfter) <= 0)
            {
                continue;
            }

            found.Add(new DeltaFileInfo(relative, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var info in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return info;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<DeltaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(FullPath(path));
        DeltaFileInfo? info = file.Exists
            ? new DeltaFileInfo(path, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero))
            : null;
        return Task.FromResult(info);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            File.Delete(FullPath(path));
        }
        catch (DirectoryNotFoundException)
        {
            // Deleting a missing file is not an error.
        }

        return Task.CompletedTask;
    }

    private string FullPath(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Path '{path}' leaves the table root '{_root}'.", nameof(path));
        }

        return full;
    }

    private static string TempPathFor(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");

    private static bool IsTemp(string name) => name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
}
