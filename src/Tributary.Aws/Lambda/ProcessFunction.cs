using System.Text.Json;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Processing;

namespace Tributary.Aws.Lambda;

/// <summary>
/// The process stage as a Lambda function for a Kinesis event-source mapping with ReportBatchItemFailures:
/// handler <c>Tributary.Aws::Tributary.Aws.Lambda.ProcessFunction::HandleAsync</c>. Archives records to S3 under
/// <c>raw/</c>, forwards them to Firehose, and returns <c>batchItemFailures</c>.
/// </summary>
public sealed class ProcessFunction
{
    private readonly LambdaContext _context;
    private readonly ProcessHandler _handler;

    /// <summary>Builds the function from the environment (called by the Lambda runtime once per execution environment).</summary>
    public ProcessFunction()
        : this(LambdaContext.FromEnvironment())
    {
    }

    internal ProcessFunction(LambdaContext context)
    {
        _context = context;
        var storage = context.Options.Storage.ObjectStore;
        var store = context.Clients.CreateObjectStore(storage.Bucket, storage.Prefix);
        var delivery = context.Clients.CreateDeliveryStream(context.Options.Deliver.StreamName);
        _handler = new ProcessHandler(store, delivery, context.Options.Process);
    }

    /// <summary>The Lambda entry point: a Kinesis event in, a <c>StreamsEventResponse</c> out.</summary>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>The entry point with cancellation (tests, local hosts).</summary>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        using var payload = await PayloadBuffer.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var (records, oldestArrival) = Describe(payload);
        var output = new MemoryStream();
        await _handler.HandleAsync(payload, output, cancellationToken).ConfigureAwait(false);

        output.Position = 0;
        var failures = CountFailures(output);
        output.Position = 0;
        var metrics = new List<EmfMetric>
        {
            new("RecordsIn", records),
            new("RecordsOut", records - failures),
            new("RecordsFailed", failures),
            new("BytesIn", payload.Length, "Bytes"),
        };
        if (oldestArrival is { } arrival)
        {
            metrics.Add(new("BatchAge", Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - arrival), "Seconds"));
        }

        _context.Emit("process", metrics);
        return output;
    }

    /// <summary>Counts the event's records and finds the oldest arrival time (epoch seconds, as Kinesis events carry it).</summary>
    private static (int Records, double? OldestArrival) Describe(MemoryStream payload)
    {
        using var document = JsonDocument.Parse(payload.GetBuffer().AsMemory(0, (int)payload.Length));
        payload.Position = 0;
        if (!document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            return (0, null);
        }

        double? oldest = null;
        foreach (var record in records.EnumerateArray())
        {
            if (record.TryGetProperty("kinesis", out var kinesis)
                && kinesis.TryGetProperty("approximateArrivalTimestamp", out var arrival)
                && arrival.ValueKind == JsonValueKind.Number)
            {
                var seconds = arrival.GetDouble();
                oldest = oldest is null ? seconds : Math.Min(oldest.Value, seconds);
            }
        }

        return (records.GetArrayLength(), oldest);
    }

    private static int CountFailures(MemoryStream output)
    {
        using var document = JsonDocument.Parse(output.GetBuffer().AsMemory(0, (int)output.Length));
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("batchItemFailures") && property.Value.ValueKind == JsonValueKind.Array)
            {
                return property.Value.GetArrayLength();
            }
        }

        return 0;
    }
}
