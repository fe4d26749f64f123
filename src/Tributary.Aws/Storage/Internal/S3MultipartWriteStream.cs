using Amazon.S3;
using Amazon.S3.Model;
using Tributary.Delta;

namespace Tributary.Aws.Storage.Internal;

/// <summary>
/// A write-only stream that becomes one S3 object when disposed. Small objects go up with one PutObject; once the
/// buffer passes the part size it switches to a multipart upload, so memory stays at one part whatever the size.
/// Nothing is visible at the key until the upload completes; a failed upload is aborted, and so is an abandoned one
/// (its writer failed): then nothing is put at all.
/// </summary>
internal sealed class S3MultipartWriteStream : Stream, IAbandonableStream
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _key;
    private readonly int _partSize;
    private readonly List<PartETag> _parts = [];
    private MemoryStream _buffer;
    private string? _uploadId;
    private long _length;
    private bool _completed;
    private bool _abandoned;

    public S3MultipartWriteStream(IAmazonS3 s3, string bucket, string key, int partSize)
    {
        _s3 = s3;
        _bucket = bucket;
        _key = key;
        _partSize = partSize;
        _buffer = new MemoryStream();
    }

    public void Abandon() => _abandoned = true;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _buffer.Write(buffer);
        _length += buffer.Length;
        if (_buffer.Length >= _partSize)
        {
            // Stream writers (Parquet, gzip) may write synchronously; the part upload has no sync API.
            UploadPartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _buffer.Write(buffer.Span);
        _length += buffer.Length;
        if (_buffer.Length >= _partSize)
        {
            await UploadPartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CompleteAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private async Task UploadPartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _uploadId ??= (await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _key }, cancellationToken).ConfigureAwait(false)).UploadId;
            var partNumber = _parts.Count + 1;
            _buffer.Position = 0;
            var response = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket,
                Key = _key,
                UploadId = _uploadId,
                PartNumber = partNumber,
                PartSize = _buffer.Length,
                InputStream = _buffer,
            }, cancellationToken).ConfigureAwait(false);
            _parts.Add(new PartETag(partNumber, response.ETag));
            _buffer = new MemoryStream();
        }
        catch
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CompleteAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_abandoned)
        {
            await AbortAsync().ConfigureAwait(false);
            return;
        }

        if (_uploadId is null)
        {
            _buffer.Position = 0;
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = _key, InputStream = _buffer, AutoCloseStream = false }).ConfigureAwait(false);
            return;
        }

        if (_buffer.Length > 0)
        {
            _completed = false;
            await UploadPartAsync(CancellationToken.None).ConfigureAwait(false);
            _completed = true;
        }

        try
        {
            await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = _key,
                UploadId = _uploadId,
                PartETags = _parts,
            }).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortAsync()
    {
        if (_uploadId is null)
        {
            return;
        }

        try
        {
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = _key, UploadId = _uploadId }).ConfigureAwait(false);
        }
        catch (AmazonS3Exception)
        {
            // The bucket's lifecycle rule for incomplete uploads removes what an abort could not.
        }
    }
}
