using Microsoft.Extensions.Logging;
using Tributary.Delivery.Internal;
using Tributary.Delta.Internal.Data;
using Tributary.Telemetry;

namespace Tributary.Delivery;

public sealed partial class LocalFirehose
{
    /// <summary>
    /// Writes the delivered rows as one Parquet object, named from the oldest row's stream arrival time and a hash of
    /// the rows, so that a replay of the same records rewrites the same key. The journal line naming the object and
    /// its records' stream positions is written first (see <see cref="OpenJournalAsync"/>). A record whose rows cannot
    /// be staged (see <see cref="StagingChunkWriter.ReadNdjson"/>) moves from <paramref name="delivered"/> to
    /// <paramref name="failed"/>, as the in-process transform fails it.
    /// </summary>
    private async Task<long> WriteStagingAsync(List<DeliveredRecord> delivered, List<FailedRecord> failed, CancellationToken cancellationToken)
    {
        var failures = new List<(int Index, Transform.Internal.TransformFailure Failure)>();
        var chunks = StagingChunkWriter.ReadNdjson([.. delivered.Select(d => (ReadOnlyMemory<byte>)d.Rows)], failures, cancellationToken);
        try
        {
            if (failures.Count > 0)
            {
                var ending = _time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var (index, failure) in failures)
                {
                    var record = delivered[index];
                    failed.Add(new FailedRecord(record.Record, record.AttemptsMade, failure.ErrorCode, $"Record {record.Record.RecordId}: {failure.Message}", ending));
                }

                for (var i = failures.Count - 1; i >= 0; i--)
                {
                    delivered.RemoveAt(failures[i].Index);
                }

                if (delivered.Count == 0)
                {
                    return 0;
                }
            }

            var blobs = delivered.Select(d => (ReadOnlyMemory<byte>)d.Rows).ToArray();
            var key = ObjectNames.Build(
                _options.StagingPrefix, _options.StreamName, _options.StreamVersion, OldestArrival(delivered), ObjectNames.ContentId(blobs), ".parquet");
            return await WriteStagingAsync(
                key,
                delivered.Select(d => d.Record),
                delivered.Count,
                output => StagingChunkWriter.Write(output, chunks),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StagingChunkWriter.Dispose(chunks);
        }
    }

    /// <summary>Announces <paramref name="key"/> in the journal, then writes it with <paramref name="write"/> (which returns its rows).</summary>
    private async Task<long> WriteStagingAsync(
        string key, IEnumerable<BufferedRecord> records, int recordCount, Func<Stream, long> write, CancellationToken cancellationToken)
    {
        Announce(key, records);
        var output = await _store.CreateAsync(key, cancellationToken).ConfigureAwait(false);
        long rows;
        long bytes;
        await using (output.ConfigureAwait(false))
        {
            try
            {
                // The Parquet writer only asks for its position and never seeks, so it writes into the store's stream
                // as it goes: no buffer of the whole object (about 1 MiB, on the large object heap) and no copy of it.
                var counted = new CountingStream(output);
                rows = write(counted);
                bytes = counted.Length;
            }
            catch
            {
                // Nothing is published under the key: a half-written object would be staged as a broken batch.
                (output as Delta.IAbandonableStream)?.Abandon();
                throw;
            }
        }

        Interlocked.Increment(ref _stagingObjects);
        TributaryMetrics.Deliver.BatchWritten(rows, bytes);
        _logger.LogDebug("Delivery stream {Name} staged {Rows} rows of {Records} records as {Key}", Name, rows, recordCount, key);
        return rows;
    }

    private async Task WriteErrorOutputAsync(List<FailedRecord> failed, CancellationToken cancellationToken)
    {
        var content = ErrorOutputWriter.Render(failed, LambdaArn);
        var oldest = DateTimeOffset.FromUnixTimeMilliseconds(failed.Min(f => f.Record.ArrivalMilliseconds));
        var id = ObjectNames.ContentId(failed.Select(f => f.Record.Data));
        var key = ObjectNames.Build(_options.ErrorOutputPrefix, _options.StreamName, _options.StreamVersion, oldest, id, "");
        Announce(key, failed.Select(f => f.Record));
        await _store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _errorObjects);
        _logger.LogWarning("Delivery stream {Name} wrote {Count} failed records to {Key}", Name, failed.Count, key);
    }

    /// <summary>Journals that <paramref name="key"/> is about to hold <paramref name="records"/> (those with a stream position).</summary>
    private void Announce(string key, IEnumerable<BufferedRecord> records)
    {
        if (_journal is null)
        {
            return;
        }

        var positions = new Dictionary<string, SequenceRanges>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Position is { } at)
            {
                if (!positions.TryGetValue(at.Shard, out var ranges))
                {
                    ranges = positions[at.Shard] = new SequenceRanges();
                }

                ranges.Add(at.Sequence);
            }
        }

        if (positions.Count > 0)
        {
            // Deliveries in the background write their objects side by side.
            lock (_journal)
            {
                _journal.Append(key, positions);
            }
        }
    }

    private static DateTimeOffset OldestArrival(List<DeliveredRecord> delivered)
    {
        var oldest = long.MaxValue;
        foreach (var record in delivered)
        {
            oldest = Math.Min(oldest, StreamArrivalOf(record) ?? record.Record.ArrivalMilliseconds);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(oldest);
    }

    /// <summary>The <c>_arrival_time</c> of the record's first row: the stream's arrival time, stable across replays.</summary>
    private static long? StreamArrivalOf(DeliveredRecord record)
    {
        var rows = record.Rows.AsSpan();
        var end = rows.IndexOf((byte)'\n');
        var first = end < 0 ? rows : rows[..end];
        var marker = "\"_arrival_time\":"u8;
        var at = first.LastIndexOf(marker);
        if (at < 0)
        {
            return null;
        }

        var digits = first[(at + marker.Length)..];
        var stop = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return System.Buffers.Text.Utf8Parser.TryParse(stop < 0 ? digits : digits[..stop], out long value, out _) ? value : null;
    }
}
