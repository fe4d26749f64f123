using System.IO.Enumeration;
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
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
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
        Stream stream = InFolder(full, () => new RenameOnDisposeStream(TempPathFor(full), full));
        return Task.FromResult(stream);
    }

    /// <summary>
    /// Removes the folders that held <paramref name="deleted"/> and are now empty, and their parents that became empty
    /// in turn, up to (not including) the table root: what VACUUM leaves of a partition it emptied.
    /// </summary>
    internal void RemoveEmptyFolders(IEnumerable<string> deleted)
    {
        var folders = deleted
            .Select(p => Path.GetDirectoryName(FullPath(p))!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length);
        foreach (var start in folders)
        {
            for (var folder = start; folder.Length > _root.Length && folder.StartsWith(_root, StringComparison.Ordinal); folder = Path.GetDirectoryName(folder)!)
            {
                try
                {
                    if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
                    {
                        break;
                    }

                    // Not recursive: a writer that just put a file (or its temp file) here keeps the folder.
                    Directory.Delete(folder, recursive: false);
                }
                catch (IOException)
                {
                    break;
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryCreateNewAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        if (File.Exists(full))
        {
            return false;
        }

        var temp = TempPathFor(full);
        try
        {
            await using (var stream = InFolder(full, () => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous)))
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
        // The folder part of the prefix bounds the walk; names are filtered before any file is stat'ed, so listing a
        // long log from a checkpoint stays cheap.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? _root : FullPath(prefix[..slash]);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var rootLength = _root.Length + 1;
        string? current = null;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = new FileSystemEnumerable<DeltaFileInfo>(
            start,
            (ref FileSystemEntry entry) => new DeltaFileInfo(current!, entry.Length, entry.LastWriteTimeUtc),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
            {
                if (entry.IsDirectory || IsTemp(entry.FileName))
                {
                    return false;
                }

                var directory = entry.Directory.Length > rootLength ? entry.Directory[rootLength..].ToString().Replace('\\', '/') + "/" : string.Empty;
                current = string.Concat(directory, entry.FileName);
                return current.StartsWith(prefix, StringComparison.Ordinal)
                    && (startAfter is null || string.CompareOrdinal(current, startAfter) > 0);
            },
        };
        var found = files.ToList();
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

    /// <summary>
    /// Creates the folder of <paramref name="full"/> and a file in it with <paramref name="create"/>. A VACUUM in
    /// another process may remove the folder as empty between the two steps, so a vanished folder is made again.
    /// </summary>
    private static T InFolder<T>(string full, Func<T> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            try
            {
                return create();
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
            }
        }
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

    private static bool IsTemp(ReadOnlySpan<char> name) => name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
}
