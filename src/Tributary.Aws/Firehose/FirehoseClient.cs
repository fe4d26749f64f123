using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tributary.Aws.Internal.Configuration;
using Tributary.Aws.Internal.Http;
using Tributary.Aws.Internal.Signing;

namespace Tributary.Aws.Firehose;

/// <summary>
/// A small Amazon Data Firehose client over the JSON 1.1 protocol (the NuGet feed used here has no
/// AWSSDK.KinesisFirehose): PutRecordBatch plus what setup and tests need.
/// </summary>
public sealed class FirehoseClient
{
    private readonly AwsJsonProtocolClient _protocol;

    internal FirehoseClient(HttpClient http, AwsServiceEndpoint endpoint, AwsCredentialSource credentials, BackoffPolicy retry, ILogger? logger)
    {
        _protocol = new AwsJsonProtocolClient(http, endpoint, "Firehose_20150804", credentials, retry, logger);
    }

    /// <summary>Creates a DirectPut delivery stream that writes to an S3 bucket under <paramref name="prefix"/>.</summary>
    public async Task CreateS3DeliveryStreamAsync(
        string deliveryStreamName,
        string bucketName,
        string prefix,
        string errorOutputPrefix,
        string roleArn,
        int bufferSizeMiB = 5,
        int bufferIntervalSeconds = 300,
        CancellationToken cancellationToken = default)
    {
        using var _ = await _protocol.SendAsync("CreateDeliveryStream", w =>
        {
            w.WriteStartObject();
            w.WriteString("DeliveryStreamName", deliveryStreamName);
            w.WriteString("DeliveryStreamType", "DirectPut");
            w.WriteStartObject("ExtendedS3DestinationConfiguration");
            w.WriteString("RoleARN", roleArn);
            w.WriteString("BucketARN", "arn:aws:s3:::" + bucketName);
            w.WriteString("Prefix", prefix);
            w.WriteString("ErrorOutputPrefix", errorOutputPrefix);
            w.WriteStartObject("BufferingHints");
            w.WriteNumber("SizeInMBs", bufferSizeMiB);
            w.WriteNumber("IntervalInSeconds", bufferIntervalSeconds);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The delivery stream's status (CREATING, ACTIVE, ...).</summary>
    public async Task<string> DescribeDeliveryStreamStatusAsync(string deliveryStreamName, CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync("DescribeDeliveryStream", w =>
        {
            w.WriteStartObject();
            w.WriteString("DeliveryStreamName", deliveryStreamName);
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        return response.RootElement.GetProperty("DeliveryStreamDescription").GetProperty("DeliveryStreamStatus").GetString()!;
    }

    /// <summary>
    /// One <c>PutRecordBatch</c> call (no retry of failed entries: see <see cref="FirehoseDeliveryStream"/>). Returns,
    /// per record in request order, null for success or the error code and message.
    /// </summary>
    public async Task<IReadOnlyList<string?>> PutRecordBatchAsync(string deliveryStreamName, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        using var response = await _protocol.SendAsync("PutRecordBatch", w =>
        {
            w.WriteStartObject();
            w.WriteString("DeliveryStreamName", deliveryStreamName);
            w.WriteStartArray("Records");
            foreach (var record in records)
            {
                w.WriteStartObject();
                w.WriteBase64String("Data", record.Span);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);

        var results = new List<string?>(records.Count);
        foreach (var entry in response.RootElement.GetProperty("RequestResponses").EnumerateArray())
        {
            if (entry.TryGetProperty("ErrorCode", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var message = entry.TryGetProperty("ErrorMessage", out var m) ? m.GetString() : null;
                results.Add(string.IsNullOrEmpty(message) ? code.GetString() : $"{code.GetString()}: {message}");
            }
            else
            {
                results.Add(null);
            }
        }

        if (results.Count != records.Count)
        {
            throw new AwsServiceException("firehose", "PutRecordBatch", null, "MalformedResponse", $"{results.Count} results for {records.Count} records");
        }

        return results;
    }
}
