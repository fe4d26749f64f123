using System.Runtime.InteropServices;

namespace Tributary.Delta.Internal;

/// <summary>
/// Makes file writes, creations and renames survive a power loss, not only a killed process. Flushing a file to the
/// disk (fsync) makes its bytes durable but not its name: a file created or renamed into place is durable once the
/// directory holding it is synced too, which on POSIX means opening the directory and fsyncing it.
/// </summary>
internal static partial class DurableFiles
{
    private static readonly AsyncLocal<Action<string>?> Observers = new();

    /// <summary>
    /// Called with each file and directory path synced by the calling flow (and the tasks it starts): how tests see
    /// that the syncs happen, without tracing system calls. Set it in the flow to observe; set it back to null after.
    /// </summary>
    public static Action<string>? Observer
    {
        get => Observers.Value;
        set => Observers.Value = value;
    }

    /// <summary>Flushes the file's buffered bytes and forces them to the disk.</summary>
    public static void SyncFile(FileStream file)
    {
        file.Flush(flushToDisk: true);
        Observers.Value?.Invoke(file.Name);
    }

    /// <summary>
    /// Flushes the file's buffered bytes and forces them to the disk with the metadata needed to read them back (Linux
    /// <c>fdatasync</c>: the size an append changed, not the modification time; elsewhere a full flush, as
    /// <see cref="SyncFile"/>). For files that only grow by appends, such as stream segments.
    /// </summary>
    /// <exception cref="IOException">The file cannot be synced.</exception>
    public static void SyncFileData(FileStream file)
    {
        if (OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: false);
            if (Fdatasync(file.SafeFileHandle) != 0)
            {
                throw new IOException($"Cannot sync '{file.Name}' to the disk: errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        else
        {
            file.Flush(flushToDisk: true);
        }

        Observers.Value?.Invoke(file.Name);
    }

    /// <summary>Forces the directory's entries (files created, renamed or deleted in it) to the disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void SyncDirectory(string directory)
    {
        // Windows (NTFS) journals metadata itself and cannot open a directory as a file; nothing to do there.
        if (!OperatingSystem.IsWindows())
        {
            var fd = Open(directory, 0);
            if (fd < 0)
            {
                throw new IOException($"Cannot open the directory '{directory}' to sync it: errno {Marshal.GetLastPInvokeError()}.");
            }

            try
            {
                if (Fsync(fd) != 0)
                {
                    throw new IOException($"Cannot sync the directory '{directory}': errno {Marshal.GetLastPInvokeError()}.");
                }
            }
            finally
            {
                _ = Close(fd);
            }
        }

        Observers.Value?.Invoke(directory);
    }

    /// <summary>
    /// Forces everything written so far to the file system holding <paramref name="path"/> to the disk (Linux
    /// <c>syncfs</c>; <c>sync</c> on other Unix systems): one barrier instead of a sync per file, for the many small
    /// objects written before a checkpoint.
    /// </summary>
    /// <exception cref="IOException">The path cannot be opened or the file system cannot be synced.</exception>
    public static void SyncFileSystem(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = Open(path, 0);
            if (fd < 0)
            {
                throw new IOException($"Cannot open '{path}' to sync its file system: errno {Marshal.GetLastPInvokeError()}.");
            }

            try
            {
                if (SyncFs(fd) != 0)
                {
                    throw new IOException($"Cannot sync the file system of '{path}': errno {Marshal.GetLastPInvokeError()}.");
                }
            }
            finally
            {
                _ = Close(fd);
            }
        }
        else if (!OperatingSystem.IsWindows())
        {
            Sync();
        }

        Observers.Value?.Invoke(path);
    }

    /// <summary>Creates <paramref name="directory"/> and any missing parents, and syncs the parent of each one created.</summary>
    public static void CreateDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        var missing = new Stack<string>();
        for (var d = full; !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
        }

        Directory.CreateDirectory(full);
        while (missing.TryPop(out var created))
        {
            SyncDirectory(Path.GetDirectoryName(created)!);
        }
    }

    /// <summary>Renames a finished (and synced) temp file onto <paramref name="target"/> and syncs the directory.</summary>
    public static void Publish(string temp, string target)
    {
        File.Move(temp, target, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(Microsoft.Win32.SafeHandles.SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void Sync();

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
