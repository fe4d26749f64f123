using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using Tributary.Aws.Storage.Internal;
using Tributary.Ports;

namespace Tributary.Aws.Storage;

/// <summary>
/// <see cref="IObjectStore"/> on an S3 bucket and key prefix (AWSSDK.S3, which retries throttling and 5xx with
/// backoff). Listing pages through ListObjectsV2; reads stream; <see cref="CreateAsync"/> switches to a multipart
/// upload past one part; <see cref="TryPutNewAsync"/> uses the conditional write <c>If-None-Match: *</c>.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly string _root;
    private readonly int _partSize;

    /// <summary>Creates the store on <paramref name="bucket"/>, keys relative to <paramref name="prefix"/>.</summary>
    public S3ObjectStore(IAmazonS3 s3, string bucket, string prefix = "", int partSizeBytes = 8 * 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSizeBytes, 5 * 1024 * 1024);
        _s3 = s3;
        Bucket = bucket;
        _root = prefix.Trim('/') is { Length: > 0 } p ? p + "/" : "";
        _partSize = partSizeBytes;
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <inheritdoc />
    public string Location => $"s3://{Bucket}/{_root}";

    /// <summary>Keys per ListObjectsV2 page (S3's maximum is 1,000).</summary>
    internal int ListPageSize { get; init; } = 1000;

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = _root + prefix, MaxKeys = ListPageSize };
        while (true)
        {
            var page = await Call(() => _s3.ListObjectsV2Async(request, cancellationToken), "list", prefix).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredObject(item.Key[_root.Length..], item.Size ?? 0, item.ETag, ToOffset(item.LastModified));
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _s3.GetObjectMetadataAsync(Bucket, _root + key, cancellationToken).ConfigureAwait(false);
            return new StoredObject(key, response.ContentLength, response.ETag, ToOffset(response.LastModified));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex)
        {
            throw Describe(ex, "read the metadata of", key);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _s3.GetObjectAsync(Bucket, _root + key, cancellationToken).ConfigureAwait(false);
            return new S3ResponseStream(response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"No object at {Location}{key}.", key, ex);
        }
        catch (AmazonS3Exception ex)
        {
            throw Describe(ex, "read", key);
        }
    }

    /// <inheritdoc />
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Call(() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = _root + key, InputStream = AsStream(content) }, cancellationToken), "write", key);

    /// <inheritdoc />
    public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(new S3MultipartWriteStream(_s3, Bucket, _root + key, _partSize));

    /// <inheritdoc />
    /// <remarks>
    /// S3 answers 412 Precondition Failed when the key exists and 409 Conditional Request Conflict when another
    /// conditional write to it is in flight; both mean this writer lost. A lost race is re-checked by content: when
    /// the object holds exactly our bytes, an earlier attempt of ours (retried by the SDK after a lost response) won.
    /// </remarks>
    public async Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        try
        {
            await _s3.PutObjectAsync(
                new PutObjectRequest { BucketName = Bucket, Key = _root + key, InputStream = AsStream(content), IfNoneMatch = "*" },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return await HoldsExactlyAsync(key, content, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            throw Describe(ex, "conditionally write", key);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Call(() => _s3.DeleteObjectAsync(Bucket, _root + key, cancellationToken), "delete", key);

    private async Task<bool> HoldsExactlyAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(Bucket, _root + key, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength != content.Length)
            {
                return false;
            }

            using var copy = new MemoryStream(content.Length);
            await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.GetBuffer().AsSpan(0, (int)copy.Length).SequenceEqual(content.Span);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // 409 while the other write was still in flight and then failed: the key is free, but this attempt lost.
            return false;
        }
    }

    private async Task<T> Call<T>(Func<Task<T>> call, string action, string key)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            throw Describe(ex, action, key);
        }
    }

    private async Task Call(Func<Task> call, string action, string key)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            throw Describe(ex, action, key);
        }
    }

    private AwsServiceException Describe(AmazonS3Exception ex, string action, string key) =>
        new("s3", $"{action} {Location}{key}", ex.StatusCode, ex.ErrorCode, ex.Message, ex);

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static DateTimeOffset ToOffset(DateTime? value) =>
        value is { } v ? new DateTimeOffset(v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()) : DateTimeOffset.UnixEpoch;
}
