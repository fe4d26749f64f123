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

        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await _retry.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }

            var failed = new List<int>();
            foreach (var chunk in Chunk(records, pending))
            {
                var response = await _client.PutRecordBatchAsync(Name, chunk.Select(i => records[i]).ToList(), cancellationToken).ConfigureAwait(false);
                for (var j = 0; j < chunk.Count; j++)
                {
                    results[chunk[j]] = response[j];
                    if (response[j] is not null)
                    {
                        failed.Add(chunk[j]);
                    }
                }
            }

            if (attempt >= _retry.MaxRetries)
            {
                break;
            }

            pending = failed;
        }

        return results;
    }

    private static IEnumerable<List<int>> Chunk(IReadOnlyList<ReadOnlyMemory<byte>> records, List<int> pending)
    {
        var chunk = new List<int>();
        var bytes = 0;
        foreach (var index in pending)
        {
            var size = records[index].Length;
            if (chunk.Count > 0 && (chunk.Count == MaxRecordsPerBatch || bytes + size > MaxBytesPerBatch))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(index);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
