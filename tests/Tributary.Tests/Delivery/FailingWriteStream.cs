using Tributary.Delta;

namespace Tributary.Tests.Delivery;

/// <summary>Passes the first <paramref name="allowed"/> bytes to <paramref name="inner"/>, then fails as a full disk would.</summary>
internal sealed class FailingWriteStream(Stream inner, long allowed) : Stream, IAbandonableStream
{
    private long _written;

    public void Abandon() => (inner as IAbandonableStream)?.Abandon();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written + buffer.Length > allowed)
        {
            throw new IOException("No space left on device");
        }

        inner.Write(buffer);
        _written += buffer.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
