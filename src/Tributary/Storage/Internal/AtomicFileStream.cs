using Tributary.Delta;

namespace Tributary.Storage.Internal;

/// <summary>
/// A write stream to a temp file that is renamed onto its target when disposed, so the target is all or nothing. An
/// abandoned stream (its writer failed) deletes the temp file instead.
/// </summary>
internal sealed class AtomicFileStream : Stream, IAbandonableStream
{
    private readonly string _target;
    private readonly string _temp;
    private readonly FileStream _inner;
    private bool _done;
    private bool _abandoned;

    public AtomicFileStream(string target)
    {
        _target = target;
        _temp = TempFiles.NewPath(target);
        _inner = TempFiles.OpenNew(_temp, 1 << 16, FileOptions.Asynchronous);
    }

    public void Abandon() => _abandoned = true;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override void WriteByte(byte value) => _inner.WriteByte(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            _done = true;
            try
            {
                _inner.Dispose();
            }
            catch
            {
                // The last buffered bytes did not reach the file: it is incomplete.
                File.Delete(_temp);
                throw;
            }

            Publish();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            try
            {
                await _inner.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                File.Delete(_temp);
                throw;
            }

            Publish();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Publish()
    {
        if (_abandoned)
        {
            File.Delete(_temp);
        }
        else
        {
            TempFiles.Replace(_temp, _target);
        }
    }
}
