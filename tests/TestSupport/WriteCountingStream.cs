namespace Tributary.TestSupport;

/// <summary>
/// A write-only stream that keeps nothing: it counts the bytes written (<see cref="Position"/>), the write calls and
/// the largest one, so a writer's output size and chunking can be measured without holding the output.
/// </summary>
internal sealed class WriteCountingStream : Stream
{
    /// <summary>How many write calls there were.</summary>
    public int Writes { get; private set; }

    /// <summary>The most bytes passed in one write call.</summary>
    public int LargestWrite { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Position;

    public override long Position { get; set; }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Writes++;
        LargestWrite = Math.Max(LargestWrite, buffer.Length);
        Position += buffer.Length;
    }
}
