using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Tributary.Delta.Internal;
using Tributary.Ports;

namespace Tributary.Streaming.Internal;

/// <summary>
/// The append-only log of one shard: segment files named by their first sequence number. Appends are serialized;
/// with <c>flushToDisk</c> a group commit (<see cref="GroupCommit"/>) syncs them in rounds, and readers see only frames
/// a round made durable. Opening recovers from a crash by truncating a
/// torn tail (an incomplete frame or one whose checksum fails) off the last segment.
/// </summary>
internal sealed class ShardLog : IDisposable
{
    // Small enough to stay off the large-object heap: a read allocates a few of these, not one per record.
    private const int ReadChunkBytes = 64 * 1024;
    private readonly object _gate = new();
    private readonly string _folder;
    private readonly long _segmentBytes;
    private readonly bool _flushToDisk;
    private readonly int _maxPayload;
    private readonly List<ShardSegment> _segments = [];
    private readonly ConcurrentDictionary<long, (ShardSegment Segment, long Offset)> _cursors = new();
    private readonly ArrayBufferWriter<byte> _frames = new(1 << 16);
    private readonly PartitionKeyStrings _keys = new();
    private readonly List<FileStream> _retired = [];
    private FileStream? _writer;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The first failed sync: every later write fails with it. Under the gate.
    private Exception? _failure;

    // Durable and visible to readers (with each segment's Length); under the gate.
    private long _lastSequence;
    private long _lastArrival;

    // Written, possibly not yet synced: the active segment's length and the last record in it; under the gate.
    private long _writtenLength;
    private long _writtenSequence;
    private long _writtenArrival;
    private bool _syncing;

    public ShardLog(string folder, string shardId, long segmentBytes, bool flushToDisk, int maxRecordBytes)
    {
        _folder = folder;
        ShardId = shardId;
        _segmentBytes = segmentBytes;
        _flushToDisk = flushToDisk;
        _maxPayload = FrameFormat.FixedPayloadBytes + maxRecordBytes + FrameFormat.MaxKeyBytes;
        if (flushToDisk)
        {
            DurableFiles.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        Open();
    }

    public string ShardId { get; }

    /// <summary>Bytes cut off a torn tail when the log was opened (0 after a clean shutdown).</summary>
    public long TruncatedBytes { get; private set; }

    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>
    /// Writes records with consecutive sequence numbers after every record written before, and returns the first one.
    /// With <c>flushToDisk</c> they are neither durable nor visible to readers until a sync round covers them
    /// (<see cref="BeginSync"/>, <see cref="EndSync"/>); without it they are visible on return.
    /// </summary>
    public long Write(ReadOnlySpan<(byte[] Key, ReadOnlyMemory<byte> Data)> records, long arrivalMs)
    {
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                throw Failed(failure);
            }

            if (_writtenLength >= _segmentBytes)
            {
                Roll();
            }

            var first = _writtenSequence + 1;
            _frames.ResetWrittenCount();
            for (var i = 0; i < records.Length; i++)
            {
                var (key, data) = records[i];
                var size = FrameFormat.FrameBytes(key.Length, data.Length);
                FrameFormat.Write(_frames.GetSpan(size)[..size], first + i, arrivalMs, key, data.Span);
                _frames.Advance(size);
            }

            _writer!.Write(_frames.WrittenSpan);
            _writtenLength += _frames.WrittenCount;
            _writtenSequence = first + records.Length - 1;
            _writtenArrival = arrivalMs;
            if (_frames.Capacity > 8 << 20)
            {
                // One oversized put must not pin a large buffer for the stream's lifetime.
                _frames.Clear();
            }

            if (!_flushToDisk)
            {
                _writer.Flush(flushToDisk: false);
                Publish(_segments[^1], _writtenLength, _writtenSequence, arrivalMs);
            }

            return first;
        }
    }

    /// <summary>
    /// Starts a sync round: returns what is written but not yet durable (the file to sync and what becomes visible once
    /// it is), or null when nothing is. Everything written before this call is covered. Pair with <see cref="EndSync"/>.
    /// </summary>
    /// <exception cref="IOException">Records are waiting, but an earlier sync failed: they can never be made durable.</exception>
    public PendingSync? BeginSync()
    {
        lock (_gate)
        {
            if (_writtenSequence <= _lastSequence)
            {
                return null;
            }

            if (_failure is { } failure)
            {
                throw Failed(failure);
            }

            _syncing = true;
            return new PendingSync(_writer!, _segments[^1], _writtenLength, _writtenSequence, _writtenArrival);
        }
    }

    /// <summary>
    /// Ends a sync round: on success its records become visible to readers; on failure they never do, and every later
    /// write fails too (after a failed fsync the kernel may have dropped the unsynced pages, so a later sync that
    /// succeeds would prove nothing). Reopening the stream recovers what is really on the disk.
    /// </summary>
    public void EndSync(PendingSync pending, Exception? failure)
    {
        lock (_gate)
        {
            _syncing = false;
            foreach (var retired in _retired)
            {
                retired.Dispose();
            }

            _retired.Clear();
            if (failure is null)
            {
                Publish(pending.Segment, pending.Length, pending.Sequence, pending.Arrival);
            }
            else
            {
                _failure ??= failure;
            }
        }
    }

    /// <summary>
    /// Completes once records after <paramref name="sequence"/> are visible to readers (at once when they already are):
    /// how a reader at the tip waits for the next records without polling.
    /// </summary>
    public Task WhenPublishedAfter(long sequence)
    {
        // The signal is read before the sequence: a publish in between completes the signal read here.
        var signal = Volatile.Read(ref _published);
        return Volatile.Read(ref _lastSequence) > sequence ? Task.CompletedTask : signal.Task;
    }

    /// <summary>Reads up to <paramref name="limit"/> records after <paramref name="after"/> (0: from the oldest retained).</summary>
    public (List<StreamRecord> Records, bool AtTip, long LastArrival) Read(long after, int limit, long maxBytes)
    {
        ShardSegment[] segments;
        long last;
        long lastArrival;
        lock (_gate)
        {
            segments = [.. _segments];
            last = _lastSequence;
            lastArrival = _lastArrival;
        }

        var records = new List<StreamRecord>(Math.Min(limit, 1024));
        var want = Math.Max(after + 1, segments[0].FirstSequence);
        if (want > last)
        {
            return (records, true, lastArrival);
        }

        var index = Array.FindLastIndex(segments, s => s.FirstSequence <= want);
        long offset = 0;
        if (_cursors.TryGetValue(want, out var cursor) && cursor.Segment == segments[index])
        {
            offset = cursor.Offset;
        }

        // Frames are read a block at a time into chunks, and each record's data is a slice of its chunk: one copy from
        // the file, no per-record array. Records keep their chunk alive, so a chunk is never reused.
        byte[] chunk = [];
        long chunkStart = 0;
        var chunkLength = 0;

        // A chunk no record was sliced from yet (frames skipped before the wanted one) is read over, not replaced.
        var chunkHanded = false;
        long bytes = 0;
        var full = false;
        for (; index < segments.Length && !full; index++, offset = 0)
        {
            var segment = segments[index];
            var end = segment.Length;
            var file = segment.Reader();
            chunkLength = 0;
            while (offset < end)
            {
                if (records.Count >= limit)
                {
                    full = true;
                    break;
                }

                if (offset < chunkStart || offset + FrameFormat.HeaderBytes > chunkStart + chunkLength)
                {
                    (chunk, chunkStart, chunkLength) = ReadBlock(file, offset, end, FrameFormat.HeaderBytes, chunkHanded ? null : chunk);
                    chunkHanded = false;
                }

                var (payloadLength, crc) = FrameFormat.ReadHeader(chunk.AsSpan((int)(offset - chunkStart)));
                if (!FrameFormat.IsPlausibleLength(payloadLength, _maxPayload) || offset + FrameFormat.HeaderBytes + payloadLength > end)
                {
                    throw Corrupt(segment, offset, "the frame length is invalid");
                }

                if (records.Count > 0 && bytes + payloadLength > maxBytes)
                {
                    full = true;
                    break;
                }

                var frameBytes = FrameFormat.HeaderBytes + payloadLength;
                if (offset + frameBytes > chunkStart + chunkLength)
                {
                    (chunk, chunkStart, chunkLength) = ReadBlock(file, offset, end, frameBytes, chunkHanded ? null : chunk);
                    chunkHanded = false;
                }

                var payload = chunk.AsMemory((int)(offset - chunkStart) + FrameFormat.HeaderBytes, payloadLength);
                var span = payload.Span;
                var sequence = FrameFormat.Sequence(span);
                offset += frameBytes;
                if (sequence < want)
                {
                    continue;
                }

                if (Crc32C.Compute(span) != crc)
                {
                    throw Corrupt(segment, offset - frameBytes, "the checksum does not match");
                }

                bytes += payloadLength;
                chunkHanded = true;
                var keyLength = FrameFormat.KeyLength(span);
                var key = _keys.Get(span.Slice(FrameFormat.FixedPayloadBytes, keyLength));
                var arrival = DateTimeOffset.FromUnixTimeMilliseconds(FrameFormat.Arrival(span));
                records.Add(new StreamRecord(ShardId, sequence, key, payload[(FrameFormat.FixedPayloadBytes + keyLength)..], arrival));
                want = sequence + 1;
            }

            if (full || index == segments.Length - 1)
            {
                // Remember where the next read of a sequential consumer starts, so it does not rescan the segment.
                if (_cursors.Count > 256)
                {
                    _cursors.Clear();
                }

                _cursors[want] = (segment, offset);
            }
        }

        var atTip = records.Count == 0 || want > last;
        return (records, atTip, lastArrival);
    }

    /// <summary>Deletes closed segments last written before <paramref name="cutoffUtc"/>; never the active one.</summary>
    public int DeleteExpired(DateTime cutoffUtc)
    {
        lock (_gate)
        {
            var deleted = 0;
            while (_segments.Count > 1 && File.GetLastWriteTimeUtc(_segments[0].Path) < cutoffUtc)
            {
                File.Delete(_segments[0].Path);
                _segments[0].Dispose();
                _segments.RemoveAt(0);
                deleted++;
            }

            return deleted;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
            foreach (var segment in _segments)
            {
                segment.Dispose();
            }

            foreach (var retired in _retired)
            {
                retired.Dispose();
            }

            _retired.Clear();
        }
    }

    /// <summary>
    /// Reads a chunk from <paramref name="offset"/>: a block of <see cref="ReadChunkBytes"/>, or more when one frame
    /// needs it (<paramref name="atLeast"/>), never past <paramref name="end"/>; into <paramref name="reusable"/> when
    /// it is given and large enough (no record refers to it), else into a new array.
    /// </summary>
    private static (byte[] Chunk, long Start, int Length) ReadBlock(SafeFileHandle file, long offset, long end, int atLeast, byte[]? reusable)
    {
        var want = (int)Math.Min(Math.Max(ReadChunkBytes, atLeast), end - offset);
        var chunk = reusable is not null && reusable.Length >= want ? reusable : GC.AllocateUninitializedArray<byte>(want);
        var read = 0;
        while (read < want)
        {
            var n = RandomAccess.Read(file, chunk.AsSpan(read, want - read), offset + read);
            if (n == 0)
            {
                throw new EndOfStreamException(string.Create(CultureInfo.InvariantCulture, $"A stream segment ended at byte {offset + read}, before the {end} bytes it was acknowledged to hold."));
            }

            read += n;
        }

        return (chunk, offset, read);
    }

    private IOException Failed(Exception failure) =>
        new($"Stream shard {ShardId} cannot take more records: syncing it to the disk failed ({failure.Message}). Reopen the stream to recover what is on the disk.", failure);

    private InvalidDataException Corrupt(ShardSegment segment, long offset, string what) =>
        new($"Stream shard {ShardId} is corrupt: in segment {segment.Path} at byte {offset.ToString(CultureInfo.InvariantCulture)}, {what}.");

    private void Open()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                _segments.Add(new ShardSegment(first, path, new FileInfo(path).Length));
            }
        }

        _segments.Sort((a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
        if (_segments.Count == 0)
        {
            var path = Path.Combine(_folder, ShardSegment.FileName(1));
            File.WriteAllBytes(path, []);
            SyncFolder();
            _segments.Add(new ShardSegment(1, path, 0));
        }

        var active = _segments[^1];
        var (validLength, lastSequence, lastArrival) = Recover(active);
        _lastSequence = lastSequence;
        _lastArrival = lastArrival;
        _writtenSequence = lastSequence;
        _writtenArrival = lastArrival;
        _writtenLength = validLength;
        _writer = new FileStream(active.Path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 1);
        if (validLength < _writer.Length)
        {
            TruncatedBytes = _writer.Length - validLength;
            _writer.SetLength(validLength);
            _writer.Flush(true);
        }

        _writer.Position = validLength;
        active.Length = validLength;
    }

    /// <summary>Scans a segment and returns the length of its whole, valid frames and the last sequence in it.</summary>
    private (long Length, long LastSequence, long LastArrival) Recover(ShardSegment segment)
    {
        long lastArrival = 0;
        var (offset, lastSequence) = SegmentScan.Walk(segment.Path, segment.FirstSequence, _maxPayload, (_, payload) =>
        {
            lastArrival = FrameFormat.Arrival(payload);
            return true;
        });

        if (lastSequence == segment.FirstSequence - 1 && _segments.Count > 1)
        {
            // An empty active segment: the previous one holds the last record and its arrival time.
            lastArrival = new DateTimeOffset(File.GetLastWriteTimeUtc(_segments[^2].Path)).ToUnixTimeMilliseconds();
        }

        return (offset, lastSequence, lastArrival);
    }

    /// <summary>Starts a new segment; the current one is made durable and visible first. Called under the gate.</summary>
    private void Roll()
    {
        var old = _writer!;
        if (_flushToDisk && _writtenSequence > _lastSequence)
        {
            try
            {
                DurableFiles.SyncFile(old);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _failure = ex;
                throw Failed(ex);
            }
        }

        Publish(_segments[^1], _writtenLength, _writtenSequence, _writtenArrival);

        // A group commit may be syncing the old file right now (outside the gate): it closes it when done.
        if (_syncing)
        {
            _retired.Add(old);
        }
        else
        {
            old.Dispose();
        }

        var first = _writtenSequence + 1;
        var path = Path.Combine(_folder, ShardSegment.FileName(first));
        _writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1);

        // The records appended next are synced with the file, but they are only found again if its name is too.
        SyncFolder();
        _segments.Add(new ShardSegment(first, path, 0));
        _writtenLength = 0;
    }

    /// <summary>Makes records up to <paramref name="sequence"/> visible to readers, unless more already are. Called under the gate.</summary>
    private void Publish(ShardSegment segment, long length, long sequence, long arrival)
    {
        if (sequence <= _lastSequence)
        {
            return;
        }

        segment.Length = length;
        _lastArrival = arrival;
        Volatile.Write(ref _lastSequence, sequence);
        Interlocked.Exchange(ref _published, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private void SyncFolder()
    {
        if (_flushToDisk)
        {
            DurableFiles.SyncDirectory(_folder);
        }
    }
}
