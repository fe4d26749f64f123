using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Streaming.Internal;

namespace Tributary.Streaming;

/// <summary>
/// The embedded record stream: a durable, sharded, append-only log with Kinesis Data Streams semantics. Each shard
/// is a folder of segment files under <c>&lt;folder&gt;/&lt;name&gt;/</c>; each record is framed with its length and a
/// CRC-32C, and a put is synced to the disk before it is acknowledged and before readers see it: a group commit syncs
/// every shard written to in rounds, each round covering every put made while the one before ran. Reopening after a
/// crash truncates a torn tail, so every acknowledged record is read back once, in order per shard.
/// </summary>
public sealed class LocalRecordStream : IRecordStream, IPutsInCallOrder, IPublishSignal, IDisposable
{
    /// <summary>Kinesis PutRecords: at most 500 records per call.</summary>
    public const int MaxRecordsPerPut = 500;

    /// <summary>Kinesis PutRecords: at most 5 MiB per call, partition keys included.</summary>
    public const int MaxBytesPerPut = 5 * 1024 * 1024;

    /// <summary>Kinesis GetRecords: at most 10,000 records per call.</summary>
    public const int MaxRecordsPerGet = 10_000;

    private const long MaxBytesPerGet = 10L * 1024 * 1024;
    private readonly StreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ShardLog[] _shards;
    private readonly Dictionary<string, ShardLog> _byId;
    private readonly PartitionKeyRoutes _routes;
    private readonly GroupCommit? _commit;

    /// <summary>Opens (or creates) the stream <see cref="StreamOptions.Name"/> under <paramref name="folder"/> (normally <c>_state/stream</c>).</summary>
    /// <exception cref="InvalidOperationException">The stream exists with a different shard count.</exception>
    public LocalRecordStream(string folder, StreamOptions options, TimeProvider? timeProvider = null)
        : this(folder, options, timeProvider, Delta.Internal.DurableFiles.SyncFileData)
    {
    }

    /// <summary>Opens the stream with <paramref name="syncSegment"/> forcing segment files to the disk (a seam: tests make it fail).</summary>
    internal LocalRecordStream(string folder, StreamOptions options, TimeProvider? timeProvider, Action<FileStream> syncSegment)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        Folder = Path.Combine(Path.GetFullPath(folder), options.Name);
        if (options.FlushToDisk)
        {
            Delta.Internal.DurableFiles.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder);
        }

        var shardCount = ReadOrWriteShardCount();
        _shards = new ShardLog[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            var id = KinesisHashRanges.ShardId(i);
            _shards[i] = new ShardLog(Path.Combine(Folder, id), id, options.SegmentBytes, options.FlushToDisk, options.MaxRecordBytes);
        }

        _byId = _shards.ToDictionary(s => s.ShardId, StringComparer.Ordinal);
        _routes = new PartitionKeyRoutes(shardCount);
        _commit = options.FlushToDisk ? new GroupCommit(_shards, syncSegment) : null;
        DeleteExpiredSegments();
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <summary>The stream's folder (shard folders and consumer checkpoints live here).</summary>
    public string Folder { get; }

    /// <summary>How many group-commit rounds synced segments so far (0 without <see cref="StreamOptions.FlushToDisk"/>).</summary>
    internal long SyncRounds => _commit?.Rounds ?? 0;

    /// <summary>How many bytes of torn tails were truncated when the stream was opened, over all shards.</summary>
    public long TruncatedBytesOnOpen => _shards.Sum(s => s.TruncatedBytes);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. _shards.Select(s => s.ShardId)]);

    /// <summary>The sequence number of the last record of a shard, or <see langword="null"/> when it has none.</summary>
    public string? GetLastSequenceNumber(string shardId)
    {
        var last = GetShard(shardId).LastSequence;
        return last == 0 ? null : SequenceNumbers.Format(last);
    }

    /// <inheritdoc />
    public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        var groups = Validate(entries);
        var arrival = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new PutRecordResultEntry[entries.Count];

        // The records are written now, in call order, so puts made one after the other land in that order even when
        // the caller does not wait for each; the returned task completes once a group-commit round made them durable.
        for (var s = 0; s < groups.Length; s++)
        {
            if (groups[s] is not { } group)
            {
                continue;
            }

            var shard = _shards[s];
            var first = shard.Write(CollectionsMarshal.AsSpan(group.Records), arrival);
            for (var i = 0; i < group.Entries.Count; i++)
            {
                results[group.Entries[i]] = new PutRecordResultEntry(shard.ShardId, first + i);
            }
        }

        var result = new PutRecordsResult(results);
        return _commit is null ? Task.FromResult(result) : _commit.WaitAsync(result);
    }

    /// <inheritdoc />
    public Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxRecordsPerGet);
        var shard = GetShard(shardId);
        var after = afterSequenceNumber is null ? 0 : SequenceNumbers.Parse(afterSequenceNumber, shardId);
        var (records, atTip, _) = shard.Read(after, limit, MaxBytesPerGet);
        var behind = atTip ? 0 : Math.Max(0, (long)(_time.GetUtcNow() - records[^1].ApproximateArrivalTimestamp).TotalMilliseconds);
        return Task.FromResult(new GetRecordsResult(records, behind));
    }

    /// <inheritdoc />
    Task IPublishSignal.WhenRecordsAfter(string shardId, string? afterSequenceNumber)
    {
        var shard = GetShard(shardId);
        return shard.WhenPublishedAfter(afterSequenceNumber is null ? 0 : SequenceNumbers.Parse(afterSequenceNumber, shardId));
    }

    /// <summary>Deletes closed segments older than the retention period; returns how many were deleted.</summary>
    public int DeleteExpiredSegments()
    {
        var cutoff = _time.GetUtcNow().UtcDateTime.AddHours(-_options.RetentionHours);
        return _shards.Sum(s => s.DeleteExpired(cutoff));
    }

    /// <summary>Ends the group commit (after the puts already waiting for it) and closes the shards' segment files.</summary>
    public void Dispose()
    {
        _commit?.Dispose();
        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }

    private ShardLog GetShard(string shardId) =>
        _byId.TryGetValue(shardId, out var shard)
            ? shard
            : throw new ArgumentException($"Stream '{Name}' has no shard '{shardId}' (it has {_shards.Length}: {_shards[0].ShardId} to {_shards[^1].ShardId}).", nameof(shardId));

    private ShardGroup?[] Validate(IReadOnlyList<PutRecordEntry> entries)
    {
        if (entries.Count is 0 or > MaxRecordsPerPut)
        {
            throw new StreamLimitException($"A put to stream '{Name}' must have 1 to {MaxRecordsPerPut} records; it has {entries.Count}.");
        }

        var groups = new ShardGroup?[_shards.Length];
        long total = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (string.IsNullOrEmpty(entry.PartitionKey) || entry.PartitionKey.Length > 256)
            {
                throw new StreamLimitException($"Record {i} of a put to stream '{Name}' has a partition key of {entry.PartitionKey?.Length ?? 0} characters; Kinesis requires 1 to 256.");
            }

            var (shard, key) = _routes.Get(entry.PartitionKey);
            var size = (long)key.Length + entry.Data.Length;
            if (size > _options.MaxRecordBytes)
            {
                throw new StreamLimitException(string.Create(CultureInfo.InvariantCulture, $"Record {i} of a put to stream '{Name}' is {size} bytes with its partition key; the limit is {_options.MaxRecordBytes} bytes (Stream:MaxRecordBytes)."));
            }

            total += size;
            (groups[shard] ??= new ShardGroup()).Add(i, key, entry.Data);
        }

        if (total > MaxBytesPerPut)
        {
            throw new StreamLimitException(string.Create(CultureInfo.InvariantCulture, $"A put to stream '{Name}' carries {total} bytes; Kinesis allows {MaxBytesPerPut} bytes (5 MiB) per put, partition keys included."));
        }

        return groups;
    }

    private int ReadOrWriteShardCount()
    {
        var path = Path.Combine(Folder, "stream.json");
        if (File.Exists(path))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var existing = doc.RootElement.GetProperty("shardCount").GetInt32();
            if (existing != _options.ShardCount)
            {
                throw new InvalidOperationException($"Stream '{Name}' in {Folder} has {existing} shards but Stream:ShardCount is {_options.ShardCount}; resharding is not supported. Drain and delete the stream folder to change it.");
            }

            return existing;
        }

        Storage.Internal.TempFiles.WriteAllBytes(path, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"shardCount\":{_options.ShardCount}}}\n")), _options.FlushToDisk);
        return _options.ShardCount;
    }
}
