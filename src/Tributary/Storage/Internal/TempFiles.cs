using Tributary.Delta.Internal;

namespace Tributary.Storage.Internal;

/// <summary>Temp files written beside their target and renamed into place; their names mark them so listings skip them.</summary>
internal static class TempFiles
{
    private const string Suffix = ".tributary-tmp";

    public static bool IsTemp(string fileName) => fileName.EndsWith(Suffix, StringComparison.Ordinal);

    public static string NewPath(string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{Suffix}");
    }

    public static async Task<string> WriteAsync(string target, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = NewPath(target);
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }

        return temp;
    }

    /// <summary>
    /// Writes a small file atomically (synchronously, for state files). <paramref name="durable"/>: the bytes and the
    /// rename are forced to the disk before returning, so the new content survives a power loss.
    /// </summary>
    public static void WriteAllBytes(string target, ReadOnlySpan<byte> content, bool durable = false)
    {
        var temp = NewPath(target);
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            stream.Write(content);
            if (durable)
            {
                DurableFiles.SyncFile(stream);
            }
        }

        if (durable)
        {
            DurableFiles.Publish(temp, target);
        }
        else
        {
            File.Move(temp, target, overwrite: true);
        }
    }
}
