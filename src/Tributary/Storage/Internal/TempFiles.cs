using System.Globalization;
using System.Security.Cryptography;
using Tributary.Delta.Internal;

namespace Tributary.Storage.Internal;

/// <summary>Temp files written beside their target and renamed into place; their names mark them so listings skip them.</summary>
internal static class TempFiles
{
    private const string Suffix = ".tributary-tmp";

    // A temp name is unique by a random number drawn once per process and a counter: no other process (nor a crashed
    // earlier run that left its temp files) draws the same number, and the counter never repeats within this one.
    private static readonly string ProcessToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private static long _counter;

    public static bool IsTemp(string fileName) => fileName.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>A fresh temp path beside <paramref name="target"/> (a full path), whose folder is made to exist.</summary>
    public static string NewPath(string target)
    {
        KnownFolders.Ensure(Path.GetDirectoryName(target.AsSpan()));
        return TempName(target);
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a new temp file beside <paramref name="target"/> and returns its path. A
    /// folder that was removed since this process last wrote into it is created again.
    /// </summary>
    public static string Write(string target, ReadOnlySpan<byte> content)
    {
        var temp = NewPath(target);
        try
        {
            CreateNew(temp, content);
        }
        catch (DirectoryNotFoundException)
        {
            CreateFolderAgain(target);
            CreateNew(temp, content);
        }

        return temp;
    }

    /// <summary>As <see cref="Write(string, ReadOnlySpan{byte})"/>, with the content in <paramref name="parts"/>, written where they lie.</summary>
    public static string Write(string target, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var temp = NewPath(target);
        try
        {
            CreateNew(temp, parts);
        }
        catch (DirectoryNotFoundException)
        {
            CreateFolderAgain(target);
            CreateNew(temp, parts);
        }

        return temp;
    }

    /// <summary>The folder of <paramref name="path"/> was removed since this process last wrote into it.</summary>
    private static void CreateFolderAgain(string path)
    {
        var folder = Path.GetDirectoryName(path.AsSpan());
        KnownFolders.Forget(folder);
        KnownFolders.Ensure(folder);
    }

    /// <summary>Renames a finished temp file onto its target, replacing what was there.</summary>
    public static void Replace(string temp, string target)
    {
        if (NativeFiles.IsSupported)
        {
            NativeFiles.Rename(temp, target);
        }
        else
        {
            File.Move(temp, target, overwrite: true);
        }
    }

    /// <summary>
    /// Writes a small file atomically (synchronously, for state files). <paramref name="durable"/>: the bytes and the
    /// rename are forced to the disk before returning, so the new content survives a power loss.
    /// </summary>
    public static void WriteAllBytes(string target, ReadOnlySpan<byte> content, bool durable = false)
    {
        if (!durable)
        {
            Replace(Write(target, content), target);
            return;
        }

        var temp = NewPath(target);
        using (var stream = OpenNew(temp, 1))
        {
            stream.Write(content);
            DurableFiles.SyncFile(stream);
        }

        DurableFiles.Publish(temp, target);
    }

    /// <summary>Opens a new temp file from <see cref="NewPath"/> as a stream, creating its folder again if it was removed.</summary>
    public static FileStream OpenNew(string temp, int bufferSize, FileOptions options = FileOptions.None)
    {
        try
        {
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize, options);
        }
        catch (DirectoryNotFoundException)
        {
            CreateFolderAgain(temp);
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize, options);
        }
    }

    private static void CreateNew(string temp, ReadOnlySpan<byte> content)
    {
        if (NativeFiles.IsSupported)
        {
            NativeFiles.CreateNew(temp, content);
            return;
        }

        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        stream.Write(content);
    }

    private static void CreateNew(string temp, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        if (NativeFiles.IsSupported)
        {
            NativeFiles.CreateNew(temp, parts);
            return;
        }

        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (var part in parts)
        {
            stream.Write(part.Span);
        }
    }

    /// <summary><c>&lt;folder&gt;/.&lt;name&gt;.&lt;process token&gt;&lt;counter&gt;.tributary-tmp</c>, built as one string.</summary>
    private static string TempName(string target)
    {
        var name = Path.GetFileName(target.AsSpan());
        var folder = target.AsSpan(0, target.Length - name.Length);
        var length = target.Length + 2 + ProcessToken.Length + 16 + Suffix.Length;
        Span<char> text = length <= 512 ? stackalloc char[length] : new char[length];
        var at = Append(text, 0, folder);
        at = Append(text, at, ".");
        at = Append(text, at, name);
        at = Append(text, at, ".");
        at = Append(text, at, ProcessToken);
        Interlocked.Increment(ref _counter).TryFormat(text[at..], out var digits, "x", CultureInfo.InvariantCulture);
        at = Append(text, at + digits, Suffix);
        return new string(text[..at]);
    }

    private static int Append(Span<char> text, int at, ReadOnlySpan<char> part)
    {
        part.CopyTo(text[at..]);
        return at + part.Length;
    }
}
