using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tributary.Configuration;
using Tributary.Extract;
using Tributary.Ports;
using Tributary.Runtime;
using Tributary.Transform.Internal;

namespace Tributary.Watch.Internal;

/// <summary>
/// Logs, one error each, everything a cycle set aside, naming the stage and where the input came from: the source
/// file (and record), or the shard and sequence number. Transform failures are read back from the objects the
/// delivery stream wrote under its error prefix, since that is where their reasons are kept.
/// </summary>
internal sealed class FailureLog(TributaryOptions options, IObjectStore store, ILogger logger)
{
    private readonly HashSet<string> _errorObjects = new(StringComparer.Ordinal);
    private long _transformFailures;

    /// <summary>Remembers the error objects of earlier runs, so that only this run's are logged.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in store.ListAsync(options.Deliver.ErrorOutputPrefix, cancellationToken).ConfigureAwait(false))
        {
            _errorObjects.Add(item.Key);
        }
    }

    /// <summary>Logs what the cycle summarised in <paramref name="summary"/> set aside.</summary>
    public async Task LogAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        foreach (var file in summary.QuarantinedFiles)
        {
            logger.LogError("watch: {Stage} quarantined {File}: {Reason} (see {ReasonKey})", "extract", file.Source, file.Reason, file.ReasonKey);
        }

        foreach (var record in summary.QuarantinedRecords)
        {
            LogRecord(record);
        }

        if (summary.RecordsFailedInTransform > _transformFailures)
        {
            _transformFailures = summary.RecordsFailedInTransform;
            await LogTransformFailuresAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void LogRecord(QuarantinedRecord record)
    {
        if (record.ReasonKey.StartsWith(options.Extract.RecordQuarantinePrefix, StringComparison.Ordinal))
        {
            logger.LogError("watch: {Stage} set aside record {Record} of {File}: {Reason} (see {ReasonKey})", "extract", record.Index, record.Source, record.Reason, record.ReasonKey);
        }
        else
        {
            // The event-source mapping names the source file and record when the envelope had them, else the shard
            // and sequence number; the reason object always holds both.
            logger.LogError("watch: {Stage} sent record {Record} of {Origin} to the on-failure destination: {Reason} (see {ReasonKey})", "process", record.Index, record.Source, record.Reason, record.ReasonKey);
        }
    }

    private async Task LogTransformFailuresAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<string>();
        await foreach (var item in store.ListAsync(options.Deliver.ErrorOutputPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (_errorObjects.Add(item.Key))
            {
                fresh.Add(item.Key);
            }
        }

        foreach (var key in fresh)
        {
            using var reader = new StreamReader(await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false));
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    LogTransformFailure(key, line);
                }
            }
        }
    }

    private void LogTransformFailure(string key, string line)
    {
        string? code = null, message = null;
        Lineage lineage = default;
        try
        {
            using var failure = JsonDocument.Parse(line);
            var root = failure.RootElement;
            code = root.TryGetProperty("errorCode", out var c) ? c.GetString() : null;
            message = root.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
            if (root.TryGetProperty("rawData", out var raw) && raw.TryGetBytesFromBase64(out var data))
            {
                using var record = JsonDocument.Parse(data);
                EnvelopeReader.Unwrap(record.RootElement, out lineage);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or TransformFailure)
        {
            // The record is not an envelope (or not JSON): the error code and message still say what failed.
        }

        logger.LogError(
            "watch: {Stage} failed record {Record} of {File} (shard {Shard}, sequence number {SequenceNumber}): {ErrorCode} {ErrorMessage} (see {ErrorKey})",
            "transform", lineage.SourceRecord?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?", lineage.SourceFile ?? "?",
            lineage.Shard ?? "?", lineage.SequenceNumber ?? "?", code, message, key);
    }
}
