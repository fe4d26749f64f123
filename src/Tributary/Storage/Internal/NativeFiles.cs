using System.Buffers;
using System.Runtime.InteropServices;

namespace Tributary.Storage.Internal;

/// <summary>
/// The system calls of a small temp-file write on Linux, without <see cref="FileStream"/>'s extra ones: a
/// <see cref="FileStream"/> adds an advisory lock and its release, a seek, and <see cref="File.Move(string, string, bool)"/>
/// an <c>lstat</c> before its <c>rename</c>. Here a write is <c>open</c>, <c>write</c>, <c>close</c> and a publication
/// one <c>rename</c>. Callers use it only where <see cref="IsSupported"/>; elsewhere the .NET file API does the same.
/// </summary>
internal static unsafe partial class NativeFiles
{
    // Parts handed to one writev(2) call; Linux takes up to 1,024.
    private const int MaxVectors = 64;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int Interrupted = 4;
    private const int NoEntry = 2;
    private const int AccessDenied = 13;
    private const int NotPermitted = 1;

    /// <summary>Whether the calls below can be used (the open flags are Linux's).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>Creates <paramref name="path"/>, which must not exist, with <paramref name="content"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written to.</exception>
    /// <exception cref="IOException">Any other failure; a partly written file is removed.</exception>
    public static void CreateNew(string path, ReadOnlySpan<byte> content)
    {
        var fd = OpenNew(path);
        var errno = WriteAll(fd, content);
        CloseWritten(fd, path, errno);
    }

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist, with <paramref name="parts"/> one after the other,
    /// written from where they lie (writev(2)). Throws as <see cref="CreateNew(string, ReadOnlySpan{byte})"/> does.
    /// </summary>
    public static void CreateNew(string path, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var fd = OpenNew(path);
        var errno = 0;
        var vectors = stackalloc IoVector[MaxVectors];
        var pins = ArrayPool<MemoryHandle>.Shared.Rent(MaxVectors);
        try
        {
            for (var first = 0; first < parts.Count && errno == 0; first += MaxVectors)
            {
                var count = Math.Min(MaxVectors, parts.Count - first);
                long wanted = 0;
                for (var i = 0; i < count; i++)
                {
                    var part = parts[first + i];
                    pins[i] = part.Pin();
                    vectors[i] = new IoVector(pins[i].Pointer, (nuint)part.Length);
                    wanted += part.Length;
                }

                nint written;
                do
                {
                    written = WriteVector(fd, vectors, count);
                }
                while (written < 0 && Marshal.GetLastPInvokeError() == Interrupted);

                if (written < 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                }
                else if (written < wanted)
                {
                    // A short write (a signal, a full disk): the rest goes part by part, which reports why it stops.
                    var skip = (long)written;
                    for (var i = 0; i < count && errno == 0; i++)
                    {
                        var part = parts[first + i].Span;
                        var done = (int)Math.Min(skip, part.Length);
                        skip -= done;
                        errno = WriteAll(fd, part[done..]);
                    }
                }

                for (var i = 0; i < count; i++)
                {
                    pins[i].Dispose();
                }
            }
        }
        finally
        {
            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
        }

        CloseWritten(fd, path, errno);
    }

    /// <summary>Renames <paramref name="from"/> onto <paramref name="to"/>, replacing it atomically.</summary>
    public static void Rename(string from, string to)
    {
        if (RenameFile(from, to) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"Cannot rename '{from}' to '{to}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).";
            throw errno switch
            {
                NoEntry => new FileNotFoundException(message, from),
                AccessDenied or NotPermitted => new UnauthorizedAccessException(message),
                _ => new IOException(message, errno),
            };
        }
    }

    private static int OpenNew(string path)
    {
        int fd;
        do
        {
            fd = Open(path, WriteOnly | Create | Exclusive | CloseOnExec, 0x1B6);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        return fd >= 0 ? fd : throw Failure("create", path, Marshal.GetLastPInvokeError());
    }

    /// <summary>Writes all of <paramref name="content"/>; returns 0, or the errno that stopped it.</summary>
    private static int WriteAll(int fd, ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty)
        {
            var written = Write(fd, content, content.Length);
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted)
                {
                    return errno;
                }

                continue;
            }

            content = content[(int)written..];
        }

        return 0;
    }

    /// <summary>Closes a written file; removes it and throws when writing it (<paramref name="errno"/>) or closing it failed.</summary>
    private static void CloseWritten(int fd, string path, int errno)
    {
        // close(2) reports write-back errors of some file systems (NFS); a file it fails on is not published.
        if (Close(fd) != 0 && errno == 0)
        {
            errno = Marshal.GetLastPInvokeError();
        }

        if (errno != 0)
        {
            _ = Unlink(path);
            throw Failure("write", path, errno);
        }
    }

    private static Exception Failure(string what, string path, int errno)
    {
        var message = $"Cannot {what} '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).";
        return errno switch
        {
            NoEntry => new DirectoryNotFoundException(message),
            AccessDenied or NotPermitted => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "writev", SetLastError = true)]
    private static partial nint WriteVector(int fd, IoVector* vectors, int count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameFile(string from, string to);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct IoVector(void* start, nuint length)
    {
        private readonly void* _start = start;
        private readonly nuint _length = length;
    }
}
