using System.Collections.Concurrent;
using System.Text;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Runtime;
using Tributary.Runtime.Internal;
using Tributary.Storage;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Tests.Runtime;

/// <summary>The mapping with shard rounds (as the local pipeline runs it): each shard ends rounds and checkpoints on its own.</summary>
public sealed class LocalEventSourceMappingShardRoundTests : IDisposable
{
    private readonly TempDirectory _temp = new("shard-rounds");
    private readonly LocalRecordStream _stream;
    private readonly LocalObjectStore _store;
    private readonly RecordingCheckpoints _checkpoints;

    // Records handled so far (the mark), and how far they are durable: only a forced delivery moves it.
    private long _handled;
    private long _durable;
    private readonly ConcurrentDictionary<string, long> _markOfSequence = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastHandled = new(StringComparer.Ordinal);

    public LocalEventSourceMappingShardRoundTests()
    {
        _store = new LocalObjectStore(_temp.Path);
        _stream = new LocalRecordStream(_temp.Combine("_state", "stream"), new StreamOptions { ShardCount = 2, FlushToDisk = false });
        _checkpoints = new RecordingCheckpoints(new LocalShardCheckpointStore(_stream.Folder, flushToDisk: false), this);
        _stream.PutRecordsAsync([.. Enumerable.Range(0, 300).Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"k{i}"))]).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Each_shard_checkpoints_only_what_is_durable_and_ends_a_round_only_after_its_previous_checkpoint()
    {
        var options = new ProcessOptions { BatchSize = 20, CheckpointIntervalRecords = 60 };
        var roundEnds = new ConcurrentQueue<(string Shard, string Handled, string? Checkpoint)>();
        var previousEnd = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var mapping = Mapping(options, new ShardRounds
        {
            EndRoundAsync = async (shard, ct) =>
            {
                var checkpoint = await _checkpoints.GetAsync(options.ConsumerName, shard, ct);
                roundEnds.Enqueue((shard, _lastHandled[shard], checkpoint));
                Assert.Equal(previousEnd.GetValueOrDefault(shard), checkpoint);
                previousEnd[shard] = _lastHandled[shard];
            },
            Mark = () => Interlocked.Read(ref _handled),
            WhenDurableAsync = WhenDurableAsync,
            MakeDurableAsync = (mark, _) =>
            {
                InterlockedMax(ref _durable, mark);
                return Task.CompletedTask;
            },
        });

        var summary = await mapping.DrainAsync();

        Assert.Equal(300, summary.Records);
        Assert.Equal(300, _markOfSequence.Count);
        foreach (var shard in await _stream.ListShardsAsync())
        {
            var ends = roundEnds.Where(e => e.Shard == shard).ToList();
            Assert.True(ends.Count >= 2, $"{shard} ended {ends.Count} rounds");
            Assert.Null(ends[0].Checkpoint);
            Assert.Equal(_stream.GetLastSequenceNumber(shard), await _checkpoints.GetAsync(options.ConsumerName, shard));
            Assert.Equal(ends[^1].Handled, _stream.GetLastSequenceNumber(shard));
        }

        Assert.True(_checkpoints.Writes >= roundEnds.Count, $"{_checkpoints.Writes} checkpoints for {roundEnds.Count} rounds");
        Assert.Equal(0, (await Mapping(options, Rounds()).DrainAsync()).Records);
    }

    [Fact]
    public async Task A_failed_round_end_stops_the_drain_with_its_error_and_the_shard_keeps_its_last_durable_checkpoint()
    {
        var options = new ProcessOptions { BatchSize = 20, CheckpointIntervalRecords = 40 };
        var ends = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var mapping = Mapping(options, Rounds(shard => ends.AddOrUpdate(shard, 1, (_, n) => n + 1) == 2 && shard.EndsWith('1')
            ? throw new IOException("raw store refused")
            : Task.CompletedTask));

        var error = await Assert.ThrowsAsync<IOException>(() => mapping.DrainAsync());

        Assert.Equal("raw store refused", error.Message);
        var checkpoint = await _checkpoints.GetAsync(options.ConsumerName, "shardId-000000000001");
        Assert.NotNull(checkpoint);
        Assert.NotEqual(_stream.GetLastSequenceNumber("shardId-000000000001"), checkpoint);
    }

    private ShardRounds Rounds(Func<string, Task>? endRound = null) => new()
    {
        EndRoundAsync = (shard, _) => endRound?.Invoke(shard) ?? Task.CompletedTask,
        Mark = () => Interlocked.Read(ref _handled),
        WhenDurableAsync = WhenDurableAsync,
        MakeDurableAsync = (mark, _) =>
        {
            InterlockedMax(ref _durable, mark);
            return Task.CompletedTask;
        },
    };

    private LocalEventSourceMapping Mapping(ProcessOptions options, ShardRounds rounds) =>
        new(_stream, _checkpoints, _store, options, async (records, ct) =>
        {
            // Gives a checkpoint waiting in the background the time to be written too early, if it were not waiting.
            await Task.Delay(2, ct);
            var mark = Interlocked.Add(ref _handled, records.Count);
            foreach (var record in records)
            {
                Assert.True(_markOfSequence.TryAdd(record.ShardId + "/" + record.SequenceNumber, mark), $"{record.SequenceNumber} handled twice");
            }

            _lastHandled[records[0].ShardId] = records[^1].SequenceNumber;
            return new StreamsEventResponse();
        })
        { ShardRounds = rounds };

    // Lazy durability never comes by itself in this test: only a forced one moves the mark.
    private async Task WhenDurableAsync(long mark, CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref _durable) < mark)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Checks, at each checkpoint write, that every record up to it was made durable first.</summary>
    private sealed class RecordingCheckpoints(IShardCheckpointStore inner, LocalEventSourceMappingShardRoundTests test) : IShardCheckpointStore
    {
        private int _writes;

        public int Writes => _writes;

        public Task<string?> GetAsync(string consumer, string shardId, CancellationToken cancellationToken = default) =>
            inner.GetAsync(consumer, shardId, cancellationToken);

        public Task SetAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken = default)
        {
            var mark = test._markOfSequence[shardId + "/" + sequenceNumber];
            Assert.True(Interlocked.Read(ref test._durable) >= mark, $"{shardId} checkpointed at {sequenceNumber} before its records were durable");
            Interlocked.Increment(ref _writes);
            return inner.SetAsync(consumer, shardId, sequenceNumber, cancellationToken);
        }
    }
}
