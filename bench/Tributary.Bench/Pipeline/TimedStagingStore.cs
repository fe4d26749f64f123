using Tributary.Ports;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The delivery stream's object store with a clock around each staging object, from its creation until its stream is
/// closed: the Parquet write, wherever it runs (a size-triggered delivery stages in the background, outside the
/// callers' time in the delivery stream).
/// </summary>
internal sealed class TimedStagingStore(IObjectStore inner, string stagingPrefix, StageClock clock) : IObjectStore
{
    public string Location => inner.Location;

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutAsync(key, content, cancellationToken);

    public async Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!key.StartsWith(stagingPrefix, StringComparison.Ordinal))
        {
            return await inner.CreateAsync(key, cancellationToken).ConfigureAwait(false);
        }

        var started = clock.Start();
        return new TimedStream(await inner.CreateAsync(key, cancellationToken).ConfigureAwait(false), () => clock.Stop(started));
    }

    public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.TryPutNewAsync(key, content, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    private sealed class TimedStream(Stream inner, Action closed) : Stream
    {
        private bool _closed;

        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            Stop();
            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                Stop();
            }

            base.Dispose(disposing);
        }

        private void Stop()
        {
            if (!_closed)
            {
                _closed = true;
                closed();
            }
        }
    }
}
