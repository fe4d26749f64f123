using Tributary.Aws.Internal.Http;
using Tributary.Ports;

namespace Tributary.Aws.Firehose;

/// <summary>
/// <see cref="IDeliveryStream"/> on a Firehose delivery stream (DirectPut). Splits puts at the PutRecordBatch limits
/// (500 records, 4 MiB), rejects records over 1,000 KiB up front with a clear message, and retries only the entries
/// Firehose rejected, with backoff. Entries still failing after the last retry are reported, never dropped.
/// </summary>
public sealed class FirehoseDeliveryStream : IDeliveryStream
{
    /// <summary>PutRecordBatch accepts at most this many records per call.</summary>
    public const int MaxRecordsPerBatch = 500;

    /// <summary>PutRecordBatch accepts at most this many bytes per call.</summary>
    public const int MaxBytesPerBatch = 4 * 1024 * 1024;

    /// <summary>Firehose accepts records up to this size (before base64).</summary>
    public const int MaxRecordBytes = 1000 * 1024;

    private readonly FirehoseClient _client;
    private readonly BackoffPolicy _retry;

    /// <summary>Creates the adapter for <paramref name="deliveryStreamName"/>.</summary>
    public FirehoseDeliveryStream(FirehoseClient client, string deliveryStreamName, int maxRetries = 8)
        : this(client, deliveryStreamName, new BackoffPolicy(maxRetries, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5)))
    {
    }

    internal FirehoseDeliveryStream(FirehoseClient client, string deliveryStreamName, BackoffPolicy retry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryStreamName);
        _client = client;
        _retry = retry;
        Name = deliveryStreamName;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        var results = new string?[records.Count];
        var pending = new List<int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Length > MaxRecordBytes)
            {
                results[i] = $"RecordTooLarge: record {i} is {records[i].Length} bytes; Firehose accepts at most {MaxRecordBytes} bytes per record";
            }
            else
            {
                pending.Add(i);
            }
        }

        await PartialFailureRetry.PutAsync(
            pending,
            results,
            i => records[i].Length,
            MaxRecordsPerBatch,
            MaxBytesPerBatch,
            async (chunk, ct) => await _client.PutRecordBatchAsync(Name, chunk.Select(i => records[i]).ToList(), ct).ConfigureAwait(false),
            result => result is not null,
            _retry,
            cancellationToken).ConfigureAwait(false);
        return results;
    }
}
