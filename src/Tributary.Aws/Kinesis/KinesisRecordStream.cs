using System.Collections.Concurrent;
using Tributary.Aws.Internal.Http;
using Tributary.Ports;

namespace Tributary.Aws.Kinesis;

/// <summary>
/// <see cref="IRecordStream"/> on a Kinesis data stream. Puts retry only the entries Kinesis rejected (with backoff)
/// and split large calls at the PutRecords limits; reads keep each shard's next iterator so that a consumer reading
/// on from where it stopped costs one GetRecords call.
/// </summary>
public sealed class KinesisRecordStream : IRecordStream
{
    /// <summary>PutRecords accepts at most this many records per call.</summary>
    public const int MaxRecordsPerPut = 500;

    /// <summary>PutRecords accepts at most this many bytes (data plus partition keys) per call.</summary>
    public const int MaxBytesPerPut = 5 * 1024 * 1024;

    private readonly KinesisClient _client;
    private readonly BackoffPolicy _retry;
    private readonly ConcurrentDictionary<(string Shard, string After), string> _iterators = new();

    /// <summary>Creates the adapter for the stream <paramref name="streamName"/>.</summary>
    public KinesisRecordStream(KinesisClient client, string streamName, int maxPutRetries = 8)
        : this(client, streamName, new BackoffPolicy(maxPutRetries, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5)))
    {
    }

    internal KinesisRecordStream(KinesisClient client, string streamName, BackoffPolicy retry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamName);
        _client = client;
        _retry = retry;
        Name = streamName;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default)
    {
        var shards = await _client.ListShardsAsync(Name, cancellationToken).ConfigureAwait(false);
        return shards.Where(s => s.IsOpen).Select(s => s.ShardId).Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
    {
        var results = new PutRecordResultEntry?[entries.Count];
        var pending = Enumerable.Range(0, entries.Count).ToList();
        await PartialFailureRetry.PutAsync(
            pending,
            results,
            i => entries[i].Data.Length + System.Text.Encoding.UTF8.GetByteCount(entries[i].PartitionKey),
            MaxRecordsPerPut,
            MaxBytesPerPut,
            async (chunk, ct) => (await _client.PutRecordsAsync(Name, chunk.Select(i => entries[i]).ToList(), ct).ConfigureAwait(false)).Records,
            result => result!.ErrorCode is not null,
            _retry,
            cancellationToken).ConfigureAwait(false);
        return new PutRecordsResult(results.Select(r => r!).ToList());
    }

    /// <inheritdoc />
    public async Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default)
    {
        var key = (shardId, afterSequenceNumber ?? "");
        KinesisGetRecordsResponse page;
        if (_iterators.TryRemove(key, out var cached))
        {
            try
            {
                page = await _client.GetRecordsAsync(shardId, cached, limit, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "ExpiredIteratorException" or "InvalidArgumentException")
            {
                page = await ReadFreshAsync(shardId, afterSequenceNumber, limit, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            page = await ReadFreshAsync(shardId, afterSequenceNumber, limit, cancellationToken).ConfigureAwait(false);
        }

        if (page.NextShardIterator is not null)
        {
            var after = page.Records.Count > 0 ? page.Records[^1].SequenceNumber : afterSequenceNumber ?? "";
            _iterators[(shardId, after)] = page.NextShardIterator;
        }

        return new GetRecordsResult(page.Records, page.MillisBehindLatest);
    }

    private async Task<KinesisGetRecordsResponse> ReadFreshAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken)
    {
        var iterator = await _client.GetShardIteratorAsync(Name, shardId, afterSequenceNumber, cancellationToken).ConfigureAwait(false);
        return await _client.GetRecordsAsync(shardId, iterator, limit, cancellationToken).ConfigureAwait(false);
    }
}
