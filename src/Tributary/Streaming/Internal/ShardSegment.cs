using Microsoft.Win32.SafeHandles;

namespace Tributary.Streaming.Internal;

/// <summary>One segment file of a shard: the records from <see cref="FirstSequence"/> on, up to <see cref="Length"/> acknowledged bytes.</summary>
internal sealed class ShardSegment(long firstSequence, string path, long length) : IDisposable
{
    private long _length = length;
    private SafeFileHandle? _reader;

    public long FirstSequence { get; } = firstSequence;

    public string Path { get; } = path;

    /// <summary>The bytes readers may see: only whole, acknowledged frames.</summary>
    public long Length
    {
        get => Volatile.Read(ref _length);
        set => Volatile.Write(ref _length, value);
    }

    public static string FileName(long firstSequence) => SequenceNumbers.Format(firstSequence) + ".log";

    /// <summary>
    /// A read handle shared by every reader of the segment (positional reads only, so they need no coordination),
    /// opened on first use and kept until the segment is deleted or the log closed.
    /// </summary>
    public SafeFileHandle Reader()
    {
        if (Volatile.Read(ref _reader) is { } open)
        {
            return open;
        }

        // ReadWrite | Delete sharing: the writer holds the segment open, and retention may delete it meanwhile.
        var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var raced = Interlocked.CompareExchange(ref _reader, handle, null);
        if (raced is null)
        {
            return handle;
        }

        handle.Dispose();
        return raced;
    }

    public void Dispose() => Interlocked.Exchange(ref _reader, null)?.Dispose();
}
