using System.Runtime.InteropServices;

namespace Tributary.Delta.Internal;

/// <summary>Publishes a finished temp file under its final name only if that name is free, atomically.</summary>
internal static partial class NoReplaceLink
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS

    /// <summary>Returns false when <paramref name="target"/> already exists. The temp file is left for the caller.</summary>
    public static bool TryPublish(string temp, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING is atomic and fails when the target exists.
            try
            {
                File.Move(temp, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }

        // link(2) fails with EEXIST instead of replacing, unlike rename(2).
        if (Link(temp, target) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == AlreadyExists)
        {
            return false;
        }

        throw new IOException($"Cannot create '{target}': link failed with errno {errno}.");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
