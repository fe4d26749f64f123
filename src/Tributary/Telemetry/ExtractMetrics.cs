using System.Diagnostics.Metrics;

namespace Tributary.Telemetry;

/// <summary>Instruments of the extract stage (see <see cref="MetricNames"/>).</summary>
public sealed class ExtractMetrics
{
    private readonly Counter<long> _files;
    private readonly Counter<long> _records;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _failures;

    internal ExtractMetrics(Meter meter)
    {
        _files = meter.CreateCounter<long>(MetricNames.ExtractFiles, "{file}", "Source files extract finished reading.");
        _records = meter.CreateCounter<long>(MetricNames.ExtractRecords, "{record}", "Records extract put on the stream.");
        _bytes = meter.CreateCounter<long>(MetricNames.ExtractBytes, "By", "Source bytes extract read.");
        _failures = meter.CreateCounter<long>(MetricNames.ExtractFailures, "{failure}", "Extract failures.");
    }

    /// <summary>Counts records put on the stream and the source bytes they came from.</summary>
    public void RecordsPut(long records, long bytes = 0)
    {
        _records.Add(records);
        if (bytes != 0)
        {
            _bytes.Add(bytes);
        }
    }

    /// <summary>Counts a source file fully ingested.</summary>
    public void FileIngested() => _files.Add(1, new KeyValuePair<string, object?>("outcome", "ingested"));

    /// <summary>Counts a source file sent to <c>quarantine/files/</c>; it is also a failure.</summary>
    public void FileQuarantined()
    {
        _files.Add(1, new KeyValuePair<string, object?>("outcome", "quarantined"));
        _failures.Add(1, new KeyValuePair<string, object?>("reason", "quarantined"));
    }

    /// <summary>Counts a failure other than a quarantined file (a put that kept failing).</summary>
    public void Failure(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
