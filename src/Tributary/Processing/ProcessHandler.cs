using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Internal;
using Tributary.Ports;
using Tributary.Processing.Internal;
using Tributary.Records;
using Tributary.Records.Internal;
using Tributary.Storage.Internal;
using Tributary.Telemetry;

namespace Tributary.Processing;

/// <summary>
/// The process stage, shaped as a Lambda handler for Kinesis events: for each record it checks that the data is a
/// JSON object (an envelope or a bare object), archives it under <c>raw/</c>, and forwards it to the delivery stream
/// as an envelope carrying its stream lineage. Records it could not handle come back as <c>batchItemFailures</c>.
/// Raw names are deterministic, so a retried batch overwrites what it wrote before.
/// </summary>
public sealed class ProcessHandler
{
    private const int MaxDeliveryBatchRecords = 500;
    private const int MaxDeliveryBatchBytes = 4 * 1024 * 1024;
    private const int MaxDeliveryRecordBytes = 1000 * 1024;
    private const int RawWriteConcurrency = 8;

    // The envelope's members around a record: {"tributary":1,"source":"<key>","index":…,"shard":…,"sequence":…,"arrival":…,"record":…}.
    private const int EnvelopeOverhead = 160;
    private readonly IObjectStore _store;
    private readonly IDeliveryStream _delivery;
    private readonly ProcessOptions _options;
    private readonly RawKeyTemplate _template;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _quotedShards = new(StringComparer.Ordinal);
    private RawRoundBuffer? _round;
    private long _rawObjects;
    private long _forwarded;

    /// <summary>Creates the handler.</summary>
    /// <param name="store">Where raw objects are written.</param>
    /// <param name="delivery">Where records are forwarded.</param>
    /// <param name="options">Process settings (raw key template and mode, delivery retries).</param>
    public ProcessHandler(IObjectStore store, IDeliveryStream delivery, ProcessOptions options)
    {
        _store = store;
        _delivery = delivery;
        _options = options;
        _template = new RawKeyTemplate(options.RawKeyTemplate);
    }

    /// <summary>
    /// Set by a host that calls <see cref="FlushRawAsync"/> before every checkpoint it writes (the local event-source
    /// mapping): in <see cref="RawArchiveMode.Checkpoint"/> mode the handler then keeps raw records in memory until
    /// that call, one object per partition per shard per round, copied into pooled blocks (the events' buffers are not
    /// kept). Without it, that mode writes at the end of each invocation, as <see cref="RawArchiveMode.Batch"/> does.
    /// </summary>
    public bool HostFlushesRaw
    {
        get => _round is not null;
        init => _round = value && _options.RawMode == RawArchiveMode.Checkpoint ? new RawRoundBuffer() : null;
    }

    /// <summary>
    /// The bytes of raw records held for the current round (see <see cref="HostFlushesRaw"/>), over all shards; 0
    /// when the handler holds none. A host ends its round early when this reaches its bound.
    /// </summary>
    public long RawBytesHeld => _round?.Bytes ?? 0;

    /// <summary>Raw objects written since the handler was created.</summary>
    public long RawObjectsWritten => Interlocked.Read(ref _rawObjects);

    /// <summary>Records forwarded to the delivery stream since the handler was created.</summary>
    public long RecordsForwarded => Interlocked.Read(ref _forwarded);

    /// <summary>The Lambda entry point: reads a Kinesis event from <paramref name="input"/>, writes the response to <paramref name="output"/>.</summary>
    public async Task HandleAsync(System.IO.Stream input, System.IO.Stream output, CancellationToken cancellationToken = default)
    {
        var kinesisEvent = await JsonSerializer.DeserializeAsync(input, ProcessJsonContext.Default.KinesisEvent, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The Kinesis event is null.");
        var response = await HandleAsync(kinesisEvent, cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(output, response, ProcessJsonContext.Default.StreamsEventResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Handles one Kinesis event.</summary>
    public Task<StreamsEventResponse> HandleAsync(KinesisEvent kinesisEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinesisEvent);
        var records = new StreamRecord[kinesisEvent.Records.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var record = kinesisEvent.Records[i];
            var kinesis = record.Kinesis;
            records[i] = new StreamRecord(record.ShardId, kinesis.SequenceNumber, kinesis.PartitionKey, kinesis.Data, kinesis.ApproximateArrivalTimestamp);
        }

        return HandleRecordsAsync(records, cancellationToken);
    }

    /// <summary>
    /// Handles one batch of records as read from the stream, as <see cref="HandleAsync(KinesisEvent, CancellationToken)"/>
    /// handles the same records in a Kinesis event: the in-process path of the local event-source mapping, which
    /// builds no event objects. Failures name the records by sequence number.
    /// </summary>
    public async Task<StreamsEventResponse> HandleRecordsAsync(IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var items = new Item[records.Count];
        var failed = new bool[records.Count];
        long bytes = 0;
        var fields = _template.Fields;
        Span<FieldValue> values = fields.Count <= 16 ? stackalloc FieldValue[fields.Count] : new FieldValue[fields.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            bytes += record.Data.Length;
            try
            {
                // One walk checks the envelope and its record and finds the raw key's field values on the way.
                var data = record.Data.Span;
                var view = EnvelopeView.Read(data, fields, values);
                var body = data.Slice(view.RecordStart, view.RecordLength);
                var folder = view.IsEnvelope
                    ? _template.Expand(body, data, values, record.ApproximateArrivalTimestamp)
                    : _template.Expand(body, record.ApproximateArrivalTimestamp);
                items[i] = new Item(view, folder);
            }
            catch (JsonException)
            {
                failed[i] = true;
            }
        }

        await ArchiveAsync(records, items, failed, cancellationToken).ConfigureAwait(false);
        await ForwardAsync(records, items, failed, cancellationToken).ConfigureAwait(false);

        var response = new StreamsEventResponse();
        for (var i = 0; i < records.Count; i++)
        {
            if (failed[i])
            {
                response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = records[i].SequenceNumber });
            }
        }

        if (records.Count > 0)
        {
            TributaryMetrics.Process.BatchHandled(
                records[0].ShardId, records.Count, bytes, response.BatchItemFailures.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return response;
    }

    /// <summary>
    /// Writes the raw records kept since the last call (see <see cref="HostFlushesRaw"/>); the host calls it before it
    /// checkpoints, with no invocation in flight.
    /// </summary>
    /// <exception cref="IOException">A raw object could not be written; the host must not checkpoint.</exception>
    public async Task FlushRawAsync(CancellationToken cancellationToken = default)
    {
        if (_round is null)
        {
            return;
        }

        var drained = _round.Drain();
        try
        {
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = RawWriteConcurrency };
            await Parallel.ForEachAsync(drained.Objects, parallel, async (item, ct) =>
            {
                try
                {
                    if (_store is IGatheredPuts gathered)
                    {
                        // The content goes to the file from the round's chunks, not through one more copy.
                        await gathered.PutAsync(item.Key, item.Parts, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        using var content = new PooledBufferWriter(item.Bytes);
                        item.WriteTo(content);
                        await _store.PutAsync(item.Key, content.WrittenMemory, ct).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new IOException($"Writing the raw object '{item.Key}' to {_store.Location} failed: {ex.Message}", ex);
                }

                Interlocked.Increment(ref _rawObjects);
                TributaryMetrics.Process.RawObjectsWritten(1);
            }).ConfigureAwait(false);
        }
        finally
        {
            _round.Release(drained);
        }
    }

    private async Task ArchiveAsync(IReadOnlyList<StreamRecord> records, Item[] items, bool[] failed, CancellationToken cancellationToken)
    {
        if (_round is { } round)
        {
            // Kept for the round; a record already kept (a retried batch) is not kept twice. A batch is one shard's.
            RawRoundBuffer.ShardRound? shard = null;
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                if (shard is null || !ReferenceEquals(shard.ShardId, record.ShardId))
                {
                    shard = round.Shard(record.ShardId);
                }

                if (!failed[i] && shard.IsNew(record))
                {
                    shard.Add(items[i].Folder, record, items[i].Record(record));
                }
            }

            return;
        }

        if (_options.RawMode == RawArchiveMode.Record)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (failed[i])
                {
                    continue;
                }

                var key = items[i].Folder + RecordName(records[i]);
                failed[i] = !await TryPutAsync(key, items[i].RecordMemory(records[i]), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // One JSON Lines object per partition, named after the shard and the first sequence number in it: a retried
        // batch starting at the same record overwrites it. Partitions are independent, so their writes overlap.
        var partitions = Enumerable.Range(0, records.Count).Where(i => !failed[i]).GroupBy(i => items[i].Folder, StringComparer.Ordinal).ToList();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = RawWriteConcurrency };
        await Parallel.ForEachAsync(partitions, parallel, async (partition, ct) =>
        {
            var indexes = partition.ToList();
            var first = records[indexes[0]];
            var size = indexes.Sum(i => items[i].View.RecordLength + 1);
            using var content = new PooledBufferWriter(size);
            foreach (var i in indexes)
            {
                content.Write(items[i].Record(records[i]));
                content.Write("\n"u8);
            }

            var key = $"{partition.Key}{first.ShardId}-{first.SequenceNumber}.jsonl";
            if (!await TryPutAsync(key, content.WrittenMemory, ct).ConfigureAwait(false))
            {
                foreach (var i in indexes)
                {
                    failed[i] = true;
                }
            }
        }).ConfigureAwait(false);
    }

    private async Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await _store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _rawObjects);
            TributaryMetrics.Process.RawObjectsWritten(1);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string RecordName(StreamRecord record)
    {
        // The seed's mode only: the source's text is needed for its hash, so the envelope is read again for it.
        var envelope = RecordEnvelope.Parse(record.Data);
        if (envelope.Source is { } source && envelope.Index is { } index)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
            return string.Create(CultureInfo.InvariantCulture, $"{hash}-{index:D10}.json");
        }

        return $"{record.ShardId}-{record.SequenceNumber}.json";
    }

    private async Task ForwardAsync(IReadOnlyList<StreamRecord> records, Item[] items, bool[] failed, CancellationToken cancellationToken)
    {
        var size = 0L;
        for (var i = 0; i < records.Count; i++)
        {
            size += failed[i] ? 0 : records[i].Data.Length + EnvelopeOverhead;
        }

        using var buffer = new PooledBufferWriter((int)Math.Min(size, int.MaxValue / 2) + 1);
        var pending = WriteEnvelopes(records, items, failed, buffer);
        var memory = buffer.WrittenMemory;
        var batch = new List<(int Record, ReadOnlyMemory<byte> Data)>(Math.Min(pending.Count, MaxDeliveryBatchRecords));
        var bytes = 0;
        foreach (var (record, start, length) in pending)
        {
            if (batch.Count == MaxDeliveryBatchRecords || bytes + length > MaxDeliveryBatchBytes)
            {
                await PutBatchAsync(batch, failed, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                bytes = 0;
            }

            batch.Add((record, memory.Slice(start, length)));
            bytes += length;
        }

        await PutBatchAsync(batch, failed, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutBatchAsync(List<(int Record, ReadOnlyMemory<byte> Data)> batch, bool[] failed, CancellationToken cancellationToken)
    {
        var remaining = batch;
        for (var attempt = 0; remaining.Count > 0; attempt++)
        {
            IReadOnlyList<string?> errors;
            try
            {
                var data = new ReadOnlyMemory<byte>[remaining.Count];
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = remaining[i].Data;
                }

                errors = await _delivery.PutRecordBatchAsync(data, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                errors = [.. remaining.Select(_ => (string?)"delivery stream unavailable")];
            }

            // Most puts accept every record: the retry list is made only when one fails.
            List<(int Record, ReadOnlyMemory<byte> Data)>? next = null;
            for (var i = 0; i < remaining.Count; i++)
            {
                if (errors[i] is not null)
                {
                    (next ??= []).Add(remaining[i]);
                }
            }

            Interlocked.Add(ref _forwarded, remaining.Count - (next?.Count ?? 0));
            if (next is null)
            {
                return;
            }

            if (attempt >= _options.DeliveryRetries)
            {
                foreach (var (record, _) in next)
                {
                    failed[record] = true;
                }

                return;
            }

            remaining = next;
        }
    }

    /// <summary>
    /// Writes the forwarded envelope of every record still good into <paramref name="buffer"/>; returns where each
    /// one is. A record too large for the delivery stream fails here.
    /// </summary>
    private List<(int Record, int Start, int Length)> WriteEnvelopes(IReadOnlyList<StreamRecord> records, Item[] items, bool[] failed, PooledBufferWriter buffer)
    {
        var pending = new List<(int Record, int Start, int Length)>(records.Count);
        Span<byte> sequence = stackalloc byte[256];

        // The embedded stream's sequence whose quoted form the buffer holds (0: none).
        long lastLocal = 0;
        string? shardId = null;
        byte[] quotedShard = [];
        for (var i = 0; i < records.Count; i++)
        {
            if (failed[i])
            {
                continue;
            }

            var record = records[i];
            var view = items[i].View;
            var data = record.Data.Span;
            var sequenceLength = record.LocalSequence > 0
                ? ForwardedEnvelope.NextQuotedSequence(record.LocalSequence, lastLocal, sequence)
                : ForwardedEnvelope.QuotedString(record.SequenceNumber, sequence);
            lastLocal = record.LocalSequence;
            var quotedSequence = sequenceLength >= 0 ? sequence[..sequenceLength] : Quoted(record.SequenceNumber);
            var start = buffer.WrittenCount;
            var length = ForwardedEnvelope.Write(
                buffer,
                view.HasSource ? data.Slice(view.SourceStart, view.SourceLength) : default,
                view.HasSource,
                view.Index,
                ReferenceEquals(record.ShardId, shardId) ? quotedShard : quotedShard = QuotedShard(shardId = record.ShardId),
                quotedSequence,
                record.ApproximateArrivalTimestamp.ToUnixTimeMilliseconds(),
                data.Slice(view.RecordStart, view.RecordLength));
            if (length > MaxDeliveryRecordBytes)
            {
                // Firehose refuses records over 1,000 KiB; this one can never be delivered.
                buffer.Rewind(start);
                failed[i] = true;
                continue;
            }

            pending.Add((i, start, length));
        }

        return pending;
    }

    /// <summary>A shard id as a quoted JSON string, encoded once per shard.</summary>
    private byte[] QuotedShard(string shardId) => _quotedShards.GetOrAdd(shardId, static id => Quoted(id));

    private static byte[] Quoted(string value)
    {
        var bytes = new byte[(value.Length * 6) + 2];
        return bytes.AsSpan(0, ForwardedEnvelope.QuotedString(value, bytes)).ToArray();
    }

    /// <summary>A record's envelope as found by <see cref="EnvelopeView.Read(ReadOnlySpan{byte})"/>, and its raw folder.</summary>
    private readonly record struct Item(EnvelopeView View, string Folder)
    {
        public ReadOnlySpan<byte> Record(StreamRecord record) => record.Data.Span.Slice(View.RecordStart, View.RecordLength);

        public ReadOnlyMemory<byte> RecordMemory(StreamRecord record) => record.Data.Slice(View.RecordStart, View.RecordLength);
    }
}
