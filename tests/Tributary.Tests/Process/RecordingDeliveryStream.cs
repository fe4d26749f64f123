using Tributary.Ports;

namespace Tributary.Tests.Process;

/// <summary>A delivery stream that keeps what it is given, and can refuse records whose text contains a marker.</summary>
internal sealed class RecordingDeliveryStream : IDeliveryStream
{
    private readonly List<byte[]> _records = [];

    public string Name => "recording";

    public string? RefuseMarker { get; set; }

    public IReadOnlyList<byte[]> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        Assert.InRange(records.Count, 1, 500);
        var results = new string?[records.Count];
        lock (_records)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (RefuseMarker is not null && System.Text.Encoding.UTF8.GetString(records[i].Span).Contains(RefuseMarker, StringComparison.Ordinal))
                {
                    results[i] = "ServiceUnavailableException: refused";
                    continue;
                }

                _records.Add(records[i].ToArray());
            }
        }

        return Task.FromResult<IReadOnlyList<string?>>(results);
    }
}
