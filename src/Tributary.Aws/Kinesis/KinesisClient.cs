using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tributary.Aws.Internal.Configuration;
using Tributary.Aws.Internal.Http;
using Tributary.Aws.Internal.Signing;
using Tributary.Ports;

namespace Tributary.Aws.Kinesis;

/// <summary>
/// A small Kinesis Data Streams client over the JSON 1.1 protocol (the NuGet feed used here has no AWSSDK.Kinesis):
/// the operations Tributary needs, with retries on throttling and 5xx.
/// </summary>
public sealed class KinesisClient
{
    private readonly AwsJsonProtocolClient _protocol;

    internal KinesisClient(HttpClient http, AwsServiceEndpoint endpoint, AwsCredentialSource credentials, BackoffPolicy retry, ILogger? logger)
    {
        _protocol = new AwsJsonProtocolClient(http, endpoint, "Kinesis_20131202", credentials, retry, logger);
    }

    /// <summary>Creates a provisioned stream with <paramref name="shardCount"/> shards (it starts in CREATING).</summary>
    public async Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default)
    {
        using var _ = await _protocol.SendAsync("CreateStream", w =>
        {
            w.WriteStartObject();
            w.WriteString("StreamName", streamName);
            w.WriteNumber("ShardCount", shardCount);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes a stream (status, ARN, open shards).</summary>
    public async Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync("DescribeStreamSummary", w =>
        {
            w.WriteStartObject();
            w.WriteString("StreamName", streamName);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        var description = response.RootElement.GetProperty("StreamDescriptionSummary");
        return new KinesisStreamSummary(
            description.GetProperty("StreamName").GetString()!,
            description.GetProperty("StreamARN").GetString()!,
            description.GetProperty("StreamStatus").GetString()!,
            description.TryGetProperty("OpenShardCount", out var open) ? open.GetInt32() : 0);
    }

    /// <summary>Polls <see cref="DescribeStreamSummaryAsync"/> until the stream is ACTIVE.</summary>
    public async Task WaitForActiveAsync(string streamName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var summary = await DescribeStreamSummaryAsync(streamName, cancellationToken).ConfigureAwait(false);
            if (summary.Status == "ACTIVE")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Kinesis stream '{streamName}' is still {summary.Status} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists every shard of a stream (following <c>NextToken</c>), with whether each is still open.</summary>
    public async Task<IReadOnlyList<(string ShardId, bool IsOpen)>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default)
    {
        var shards = new List<(string, bool)>();
        string? nextToken = null;
        do
        {
            var token = nextToken;
            using var response = await _protocol.SendAsync("ListShards", w =>
            {
                w.WriteStartObject();
                if (token is null)
                {
                    w.WriteString("StreamName", streamName);
                }
                else
                {
                    w.WriteString("NextToken", token);
                }

                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
            foreach (var shard in response.RootElement.GetProperty("Shards").EnumerateArray())
            {
                var isOpen = !shard.GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out var end) || end.ValueKind == JsonValueKind.Null;
                shards.Add((shard.GetProperty("ShardId").GetString()!, isOpen));
            }

            nextToken = response.RootElement.TryGetProperty("NextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (nextToken is not null);

        return shards;
    }

    /// <summary>One <c>PutRecords</c> call (no retry of failed entries: see <see cref="KinesisRecordStream"/>).</summary>
    public async Task<PutRecordsResult> PutRecordsAsync(string streamName, IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync("PutRecords", w =>
        {
            w.WriteStartObject();
            w.WriteString("StreamName", streamName);
            w.WriteStartArray("Records");
            foreach (var entry in entries)
            {
                w.WriteStartObject();
                w.WriteBase64String("Data", entry.Data.Span);
                w.WriteString("PartitionKey", entry.PartitionKey);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);

        var results = new List<PutRecordResultEntry>(entries.Count);
        foreach (var record in response.RootElement.GetProperty("Records").EnumerateArray())
        {
            if (record.TryGetProperty("ErrorCode", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var message = record.TryGetProperty("ErrorMessage", out var m) ? m.GetString() : null;
                results.Add(new PutRecordResultEntry(null, null, code.GetString(), message));
            }
            else
            {
                results.Add(new PutRecordResultEntry(record.GetProperty("ShardId").GetString(), record.GetProperty("SequenceNumber").GetString()));
            }
        }

        if (results.Count != entries.Count)
        {
            throw new AwsServiceException("kinesis", "PutRecords", null, "MalformedResponse", $"{results.Count} results for {entries.Count} records");
        }

        return new PutRecordsResult(results);
    }

    /// <summary>
    /// Gets a shard iterator: after <paramref name="afterSequenceNumber"/> (AFTER_SEQUENCE_NUMBER), or from the oldest
    /// retained record (TRIM_HORIZON) when it is null.
    /// </summary>
    public async Task<string> GetShardIteratorAsync(string streamName, string shardId, string? afterSequenceNumber, CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync("GetShardIterator", w =>
        {
            w.WriteStartObject();
            w.WriteString("StreamName", streamName);
            w.WriteString("ShardId", shardId);
            if (afterSequenceNumber is null)
            {
                w.WriteString("ShardIteratorType", "TRIM_HORIZON");
            }
            else
            {
                w.WriteString("ShardIteratorType", "AFTER_SEQUENCE_NUMBER");
                w.WriteString("StartingSequenceNumber", afterSequenceNumber);
            }

            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        return response.RootElement.GetProperty("ShardIterator").GetString()!;
    }

    /// <summary>Reads up to <paramref name="limit"/> records (1–10,000) with a shard iterator.</summary>
    public async Task<KinesisGetRecordsResponse> GetRecordsAsync(string shardId, string shardIterator, int limit, CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync("GetRecords", w =>
        {
            w.WriteStartObject();
            w.WriteString("ShardIterator", shardIterator);
            w.WriteNumber("Limit", Math.Clamp(limit, 1, 10_000));
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);

        var root = response.RootElement;
        var records = new List<StreamRecord>();
        foreach (var record in root.GetProperty("Records").EnumerateArray())
        {
            records.Add(new StreamRecord(
                shardId,
                record.GetProperty("SequenceNumber").GetString()!,
                record.GetProperty("PartitionKey").GetString()!,
                record.GetProperty("Data").GetBytesFromBase64(),
                ReadArrival(record)));
        }

        var next = root.TryGetProperty("NextShardIterator", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var behind = root.TryGetProperty("MillisBehindLatest", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt64() : 0;
        return new KinesisGetRecordsResponse(records, next, behind);
    }

    /// <summary>The JSON protocol sends timestamps as epoch seconds with a fraction.</summary>
    private static DateTimeOffset ReadArrival(JsonElement record)
    {
        if (!record.TryGetProperty("ApproximateArrivalTimestamp", out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return DateTimeOffset.UnixEpoch;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000));
    }
}
