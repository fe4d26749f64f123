using System.Globalization;
using Tributary.Streaming;
using Tributary.Streaming.Internal;

namespace Tributary.Monitoring;

/// <summary>
/// Reads consumer lag from the embedded stream's files without opening the stream: it never truncates or writes,
/// so it is safe while <c>watch</c> or <c>run</c> appends. A frame still being written is simply not counted yet.
/// </summary>
public static class StreamLagReader
{
    /// <summary>Records between a shard's newest sequence number and a checkpoint (both as stored strings).</summary>
    public static long Difference(string? lastSequenceNumber, string? checkpoint) =>
        Math.Max(0, Parse(lastSequenceNumber) - Parse(checkpoint));

    /// <summary>Reads the lag of <paramref name="consumer"/> on every shard of the stream folder (see <see cref="LocalRecordStream.Folder"/>).</summary>
    public static async Task<IReadOnlyList<ShardLag>> ReadAsync(string streamFolder, string consumer, int maxRecordBytes, CancellationToken cancellationToken = default)
    {
        var lags = new List<ShardLag>();
        if (!Directory.Exists(streamFolder))
        {
            return lags;
        }

        var maxPayload = FrameFormat.FixedPayloadBytes + FrameFormat.MaxKeyBytes + maxRecordBytes;
        foreach (var shardFolder in Directory.EnumerateDirectories(streamFolder, "shardId-*").Order(StringComparer.Ordinal))
        {
            var shard = Path.GetFileName(shardFolder);
            var segments = Directory.EnumerateFiles(shardFolder, "*.log")
                .Select(p => (First: long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : -1, Path: p))
                .Where(s => s.First > 0).OrderBy(s => s.First).ToList();
            var checkpointFile = Path.Combine(streamFolder, "checkpoints", consumer, shard);
            var checkpoint = File.Exists(checkpointFile) ? Parse((await File.ReadAllTextAsync(checkpointFile, cancellationToken).ConfigureAwait(false)).Trim()) : 0;
            if (segments.Count == 0)
            {
                lags.Add(new ShardLag(shard, consumer, 0, checkpoint, 0, null));
                continue;
            }

            var (last, _) = Scan(segments[^1].Path, segments[^1].First, null, maxPayload);
            if (last < segments[^1].First && segments.Count > 1)
            {
                last = segments[^1].First - 1;
            }

            // Records removed by retention cannot be processed any more: they do not count as lag.
            var from = Math.Max(checkpoint, segments[0].First - 1);
            var lagRecords = Math.Max(0, last - from);
            DateTimeOffset? oldest = null;
            if (lagRecords > 0)
            {
                var target = from + 1;
                var segment = segments.Last(s => s.First <= target);
                var (_, arrival) = Scan(segment.Path, segment.First, target, maxPayload);
                oldest = arrival is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            }

            lags.Add(new ShardLag(shard, consumer, last, checkpoint, lagRecords, oldest));
        }

        return lags;
    }

    /// <summary>
    /// Walks a segment's valid frames; returns its last sequence number and, when <paramref name="target"/> is given,
    /// that record's arrival time (epoch milliseconds).
    /// </summary>
    private static (long Last, long? TargetArrival) Scan(string path, long first, long? target, int maxPayload)
    {
        long? arrival = null;
        var (_, last) = SegmentScan.Walk(path, first, maxPayload, (sequence, payload) =>
        {
            if (sequence != target)
            {
                return true;
            }

            arrival = FrameFormat.Arrival(payload);
            return false;
        });
        return (last, arrival);
    }

    private static long Parse(string? sequenceNumber) =>
        long.TryParse(sequenceNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
