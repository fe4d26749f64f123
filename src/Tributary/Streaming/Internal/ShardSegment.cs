namespace Tributary.Streaming.Internal;

/// <summary>One segment file of a shard: the records from <see cref="FirstSequence"/> on, up to <see cref="Length"/> acknowledged bytes.</summary>
internal sealed class ShardSegment(long firstSequence, string path, long length)
{
    private long _length = length;

    public long FirstSequence { get; } = firstSequence;

    public string Path { get; } = path;

    /// <summary>The bytes readers may see: only whole, acknowledged frames.</summary>
    public long Length
    {
        get => Volatile.Read(ref _length);
        set => Volatile.Write(ref _length, value);
    }

    public static string FileName(long firstSequence) => SequenceNumbers.Format(firstSequence) + ".log";
}
