using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Extract.Internal;
using Tributary.Internal;
using Tributary.Ports;
using Tributary.Records;
using Tributary.Records.Internal;
using Tributary.Streaming.Internal;
using Tributary.Telemetry;

namespace Tributary.Extract;

/// <summary>
/// The extract stage: lists new source files, splits each into records in bounded memory and puts them on the record
/// stream, each wrapped in a <see cref="RecordEnvelope"/> with its source key and position. A file that cannot be
/// read is copied to the quarantine with a reason; records before the problem go through, and the ledger makes sure
/// no file or record is put twice, even across crashes.
/// </summary>
public sealed class ExtractStage
{
    private const int FlushBytes = 4 * 1024 * 1024;
    private readonly IObjectStore _store;
    private readonly IRecordStream _stream;
    private readonly ExtractLedger _ledger;
    private readonly ExtractOptions _options;
    private readonly int _maxRecordBytes;
    private readonly string[] _keyPath;

    // Empty put batches kept from one file to the next (their buffers are large).
    private readonly Stack<PutBatch> _batches = new();

    /// <summary>Creates the stage.</summary>
    /// <param name="store">Where source files are listed and quarantine copies are written.</param>
    /// <param name="stream">The record stream to put records on.</param>
    /// <param name="ledger">The ledger of ingested files.</param>
    /// <param name="options">Extract settings.</param>
    /// <param name="maxRecordBytes">The stream's record limit (envelope and partition key included).</param>
    public ExtractStage(IObjectStore store, IRecordStream stream, ExtractLedger ledger, ExtractOptions options, int maxRecordBytes = 1024 * 1024)
    {
        _store = store;
        _stream = stream;
        _ledger = ledger;
        _options = options;
        _maxRecordBytes = maxRecordBytes;
        _keyPath = string.IsNullOrWhiteSpace(options.PartitionKeyPath) ? [] : options.PartitionKeyPath.Split('.');
    }

    /// <summary>Called after each put with the records put so far in this run.</summary>
    public Action<long>? Progress { get; set; }

    /// <summary>Ingests every source file not yet in the ledger (one run at a time per stage: its runs share put batches).</summary>
    public async Task<ExtractSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var summary = new ExtractSummary();
        var landed = await RecoverAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var file in _store.ListAsync(_options.SourcePrefix, cancellationToken).ConfigureAwait(false))
        {
            if (_ledger.IsFinished(file))
            {
                summary.FilesSkipped++;
                continue;
            }

            summary.Files++;
            await ExtractFileAsync(file, landed.GetValueOrDefault(file.Key), summary, cancellationToken).ConfigureAwait(false);
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>
    /// Finds the records of files in progress that reached the stream after the ledger's last line (a crash between
    /// an acknowledged put and its ledger line), by reading each shard from the ledger's known positions to its tip.
    /// </summary>
    private async Task<Dictionary<string, HashSet<long>>> RecoverAsync(CancellationToken cancellationToken)
    {
        var inProgress = _ledger.Entries.Values.Where(e => e.State == LedgerState.InProgress).ToDictionary(e => e.Key, e => e.Next, StringComparer.Ordinal);
        var landed = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        if (inProgress.Count == 0)
        {
            return landed;
        }

        foreach (var shard in await _stream.ListShardsAsync(cancellationToken).ConfigureAwait(false))
        {
            var after = _ledger.Tails.GetValueOrDefault(shard);
            var emptyReads = 0;
            while (true)
            {
                var page = await _stream.GetRecordsAsync(shard, after, 1000, cancellationToken).ConfigureAwait(false);
                if (page.Records.Count == 0)
                {
                    // Kinesis answers an empty page, with MillisBehindLatest above zero, for a stretch of the shard
                    // that holds no records, and only reaches the records further on after more calls; only an empty
                    // page at the tip (MillisBehindLatest 0) says there is nothing more to find.
                    if (page.MillisBehindLatest <= 0)
                    {
                        break;
                    }

                    if (++emptyReads > _options.RecoveryMaxEmptyReads)
                    {
                        // Stopping here would put again records that are already on the stream: fail instead, with
                        // the ledger untouched, so that a later run recovers from the same place.
                        throw new IOException(string.Create(CultureInfo.InvariantCulture, $"Recovering the records of an interrupted extract on stream '{_stream.Name}': shard {shard} answered {emptyReads} empty pages in a row after sequence number {after ?? "(the oldest record)"} and is still {page.MillisBehindLatest} ms behind its tip (Extract:RecoveryMaxEmptyReads is {_options.RecoveryMaxEmptyReads})."));
                    }

                    continue;
                }

                emptyReads = 0;
                foreach (var record in page.Records)
                {
                    RecordEnvelope envelope;
                    try
                    {
                        envelope = RecordEnvelope.Parse(record.Data);
                    }
                    catch (JsonException)
                    {
                        continue;
                    }

                    if (envelope.Source is { } source && envelope.Index is { } index
                        && inProgress.TryGetValue(source, out var next) && index >= next)
                    {
                        (landed.TryGetValue(source, out var set) ? set : landed[source] = []).Add(index);
                    }
                }

                after = page.Records[^1].SequenceNumber;
            }
        }

        return landed;
    }

    private async Task ExtractFileAsync(StoredObject file, HashSet<long>? landed, ExtractSummary summary, CancellationToken cancellationToken)
    {
        var entry = _ledger.Find(file);
        var next = entry?.Next ?? 0;
        if (entry is null)
        {
            _ledger.Start(file);
        }

        summary.RecoveredRecords += landed?.Count ?? 0;

        // Puts stay in flight (and, on the embedded stream, wait for their shared syncs) while the next batch is split,
        // so splitting does not stop for every put. They are acknowledged in order, each ledger line covering them.
        var depth = _stream is IPutsInCallOrder ? _options.PutsInFlight : 1;
        using var puts = new PutPipeline(_maxRecordBytes, depth, (batch, ct) => PutAsync(file, batch, ct), done =>
        {
            _ledger.Progress(file, done.Next, done.Positions);
            summary.Records += done.Records;
            TributaryMetrics.Extract.RecordsPut(done.Records);
            Progress?.Invoke(summary.Records);
        }, _batches);
        var envelopes = new SourceEnvelopeWriter(file.Key);
        long complete = 0;
        var input = await OpenAsync(file, cancellationToken).ConfigureAwait(false);
        JsonRecordSplitter? splitter = null;
        try
        {
            splitter = new JsonRecordSplitter(input, _maxRecordBytes, _options.MaxDepth, _keyPath);
            while (await MoveNextAsync(splitter, cancellationToken).ConfigureAwait(false))
            {
                var index = splitter.Index;
                complete = index + 1;
                if (index < next || (landed?.Contains(index) ?? false))
                {
                    continue;
                }

                if (splitter.OversizedBytes > 0)
                {
                    await QuarantineRecordAsync(file, index, splitter.Offset, $"the record is {splitter.OversizedBytes.ToString(CultureInfo.InvariantCulture)} bytes; a stream record may be at most {_maxRecordBytes.ToString(CultureInfo.InvariantCulture)} bytes (Stream:MaxRecordBytes)", summary, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var record = splitter.Current;
                var bad = JsonRecordSplitter.FindInvalidUtf8(record);
                if (bad >= 0)
                {
                    var at = splitter.Offset + bad;
                    complete = index;
                    throw new SourceFormatException(string.Create(CultureInfo.InvariantCulture, $"the byte at offset {at} (in record {index}) is not valid UTF-8; only UTF-8 is accepted"), at, "UTF-8 text");
                }

                var batch = puts.Filling;
                var mark = batch.Buffer.WrittenCount;
                envelopes.Write(batch.Buffer, index, record);
                var key = splitter.Key is { Length: > 0 and <= 256 } k ? k : RandomKey();
                if (batch.Buffer.WrittenCount - mark + Encoding.UTF8.GetByteCount(key) > _maxRecordBytes)
                {
                    batch.Buffer.Rewind(mark);
                    await QuarantineRecordAsync(file, index, splitter.Offset, $"the record with its envelope is {(batch.Buffer.WrittenCount - mark).ToString(CultureInfo.InvariantCulture)} bytes; a stream record may be at most {_maxRecordBytes.ToString(CultureInfo.InvariantCulture)} bytes (Stream:MaxRecordBytes)", summary, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                batch.Add(mark, key, index);
                if (batch.Count >= _options.RecordsPerPut || batch.Buffer.WrittenCount >= FlushBytes)
                {
                    await puts.SendAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await puts.CompleteAsync(cancellationToken).ConfigureAwait(false);
            summary.Bytes += splitter.BytesRead;
            _ledger.Done(file, complete);
            TributaryMetrics.Extract.RecordsPut(0, splitter.BytesRead);
            TributaryMetrics.Extract.FileIngested();
        }
        catch (SourceFormatException ex)
        {
            await puts.CompleteAsync(cancellationToken).ConfigureAwait(false);
            summary.Bytes += splitter?.BytesRead ?? 0;
            await QuarantineFileAsync(file, ex, complete, summary, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // On any other failure a put may still be running on the batches: let it end before they are returned.
            await puts.AbandonAsync().ConfigureAwait(false);
            summary.PutWait += puts.Waited;
            splitter?.Dispose();
            await input.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask<bool> MoveNextAsync(JsonRecordSplitter splitter, CancellationToken cancellationToken)
    {
        try
        {
            return await splitter.MoveNextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // GZipStream: a corrupt or truncated compressed stream.
            throw new SourceFormatException($"the gzip data is corrupt or truncated near decompressed byte {splitter.BytesRead.ToString(CultureInfo.InvariantCulture)}: {ex.Message}", splitter.BytesRead, "a complete gzip stream", ex);
        }
    }

    /// <summary>Puts one batch, retrying failed entries; returns each entry's result.</summary>
    private async Task<PutRecordResultEntry[]> PutAsync(StoredObject file, PutBatch batch, CancellationToken cancellationToken)
    {
        var entries = batch.Entries();
        var initial = await _stream.PutRecordsAsync(entries, cancellationToken).ConfigureAwait(false);
        var results = initial.Records as PutRecordResultEntry[] ?? [.. initial.Records];
        if (initial.FailedRecordCount == 0)
        {
            return results;
        }

        var pending = Enumerable.Range(0, entries.Length).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var result = attempt == 0 ? initial : await _stream.PutRecordsAsync([.. pending.Select(i => entries[i])], cancellationToken).ConfigureAwait(false);
            var failed = new List<int>();
            for (var i = 0; i < pending.Count; i++)
            {
                var r = result.Records[i];
                if (r.ErrorCode is null)
                {
                    results[pending[i]] = r;
                }
                else
                {
                    failed.Add(pending[i]);
                }
            }

            if (failed.Count == 0)
            {
                return results;
            }

            if (attempt >= _options.PutRetries)
            {
                var first = result.Records.First(r => r.ErrorCode is not null);
                throw new IOException($"Putting records of '{file.Key}' on stream '{_stream.Name}' failed after {attempt + 1} attempts: {first.ErrorCode}: {first.ErrorMessage}");
            }

            pending = failed;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<System.IO.Stream> OpenAsync(StoredObject file, CancellationToken cancellationToken)
    {
        var raw = await _store.OpenReadAsync(file.Key, cancellationToken).ConfigureAwait(false);
        var gzip = file.Key.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (raw.CanSeek)
        {
            var magic = new byte[2];
            var read = await raw.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            raw.Position = 0;
            gzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        }

        return gzip ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: false) : raw;
    }

    private async Task QuarantineFileAsync(StoredObject file, SourceFormatException error, long recordsBefore, ExtractSummary summary, CancellationToken cancellationToken)
    {
        var relative = file.Key.StartsWith(_options.SourcePrefix, StringComparison.Ordinal) ? file.Key[_options.SourcePrefix.Length..] : file.Key;
        var copyKey = _options.QuarantinePrefix + relative;
        var reasonKey = copyKey + ".reason.json";
        await using (var source = await _store.OpenReadAsync(file.Key, cancellationToken).ConfigureAwait(false))
        await using (var copy = await _store.CreateAsync(copyKey, cancellationToken).ConfigureAwait(false))
        {
            await source.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        }

        var reason = new Dictionary<string, object?>
        {
            ["source"] = file.Key,
            ["size"] = file.Size,
            ["etag"] = file.ETag,
            ["offset"] = error.Offset,
            ["expected"] = error.Expected,
            ["error"] = error.Message,
            ["recordsBeforeError"] = recordsBefore,
            ["quarantinedAt"] = DateTimeOffset.UtcNow,
        };
        await _store.PutAsync(reasonKey, JsonSerializer.SerializeToUtf8Bytes(reason, ReasonJson.Options), cancellationToken).ConfigureAwait(false);
        _ledger.Quarantined(file, recordsBefore, error.Message);
        summary.QuarantinedFiles.Add(new QuarantinedFile(file.Key, copyKey, reasonKey, error.Offset, recordsBefore, error.Message));
        TributaryMetrics.Extract.FileQuarantined();
    }

    private async Task QuarantineRecordAsync(StoredObject file, long index, long offset, string message, ExtractSummary summary, CancellationToken cancellationToken)
    {
        var relative = file.Key.StartsWith(_options.SourcePrefix, StringComparison.Ordinal) ? file.Key[_options.SourcePrefix.Length..] : file.Key;
        var reasonKey = string.Create(CultureInfo.InvariantCulture, $"{_options.RecordQuarantinePrefix}{relative}/{index:D10}.reason.json");
        var reason = new Dictionary<string, object?>
        {
            ["source"] = file.Key,
            ["index"] = index,
            ["offset"] = offset,
            ["error"] = message,
        };
        await _store.PutAsync(reasonKey, JsonSerializer.SerializeToUtf8Bytes(reason, ReasonJson.Options), cancellationToken).ConfigureAwait(false);
        summary.QuarantinedRecords.Add(new QuarantinedRecord(file.Key, index.ToString(CultureInfo.InvariantCulture), reasonKey, message));
    }

    private static string RandomKey() => Random.Shared.NextInt64().ToString("x16", CultureInfo.InvariantCulture);
}
