using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Runtime;
using Tributary.Storage;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Tests.Runtime;

public sealed class LocalEventSourceMappingTests
{
    private sealed class Harness : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public Harness(int shards = 2, int records = 250)
        {
            Store = new LocalObjectStore(_temp.Path);
            Stream = new LocalRecordStream(_temp.Combine("_state", "stream"), new StreamOptions { ShardCount = shards, FlushToDisk = false });
            Checkpoints = new LocalShardCheckpointStore(Stream.Folder);
            Stream.PutRecordsAsync([.. Enumerable.Range(0, records).Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"k{i}"))]).GetAwaiter().GetResult();
        }

        public LocalObjectStore Store { get; }

        public LocalRecordStream Stream { get; }

        public LocalShardCheckpointStore Checkpoints { get; }

        public List<int> Seen { get; } = [];

        public int Invocations { get; private set; }

        public string Root => _temp.Path;

        public LocalEventSourceMapping Mapping(ProcessOptions options, Func<int, bool> fails, bool throwInstead = false) =>
            new(Stream, Checkpoints, (e, _) =>
            {
                var response = new StreamsEventResponse();
                lock (Seen)
                {
                    Invocations++;
                    Assert.InRange(e.Records.Count, 1, options.BatchSize);
                    foreach (var r in e.Records)
                    {
                        var n = JsonDocument.Parse(r.Kinesis.Data).RootElement.GetProperty("n").GetInt32();
                        if (fails(n))
                        {
                            if (throwInstead)
                            {
                                throw new InvalidOperationException($"boom on {n}");
                            }

                            response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = r.Kinesis.SequenceNumber });
                        }
                        else
                        {
                            Seen.Add(n);
                        }
                    }
                }

                return Task.FromResult(response);
            }, Store, options);

        public void Dispose()
        {
            Stream.Dispose();
            _temp.Dispose();
        }
    }

    [Fact]
    public async Task Drains_side_by_side_with_a_producer_and_returns_only_once_it_is_done_and_read()
    {
        using var h = new Harness(shards: 2, records: 10);
        var options = new ProcessOptions { BatchSize = 50, CheckpointIntervalRecords = 120 };
        var checkpoints = 0;
        var producer = Task.Run(async () =>
        {
            for (var put = 0; put < 20; put++)
            {
                await h.Stream.PutRecordsAsync([.. Enumerable.Range(10 + (put * 20), 20).Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"k{i}"))]);
                await Task.Delay(5);
            }
        });
        var mapping = h.Mapping(options, _ => false);
        mapping.ProducerCompletion = producer;
        mapping.BeforeCheckpointAsync = _ =>
        {
            Interlocked.Increment(ref checkpoints);
            return Task.CompletedTask;
        };

        var summary = await mapping.DrainAsync();

        Assert.True(producer.IsCompletedSuccessfully);
        Assert.Equal(410, summary.Records);
        Assert.Equal(Enumerable.Range(0, 410), h.Seen.Order());
        Assert.True(checkpoints >= 2, $"{checkpoints} checkpoint rounds");
        foreach (var shard in await h.Stream.ListShardsAsync())
        {
            Assert.Equal(h.Stream.GetLastSequenceNumber(shard), await h.Checkpoints.GetAsync(options.ConsumerName, shard));
        }

        Assert.Equal(0, (await h.Mapping(options, _ => false).DrainAsync()).Records);
    }

    [Fact]
    public async Task A_shard_at_its_tip_waits_on_the_stream_publish_signal_from_its_position()
    {
        using var h = new Harness(shards: 1, records: 10);
        var options = new ProcessOptions { BatchSize = 50, CheckpointIntervalRecords = 1_000 };
        var signal = new RecordingSignal(h.Stream);
        var producer = Task.Run(async () =>
        {
            // Puts only once the shard waits at its tip for records after the ten it holds.
            await signal.Asked.WaitAsync(TimeSpan.FromSeconds(30));
            await h.Stream.PutRecordsAsync([.. Enumerable.Range(10, 40).Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"k{i}"))]);
        });
        var mapping = h.Mapping(options, _ => false);
        mapping.ProducerCompletion = producer;
        mapping.TipSignal = signal;

        var summary = await mapping.DrainAsync();

        await producer;
        Assert.Equal(50, summary.Records);
        Assert.Equal(Enumerable.Range(0, 50), h.Seen.Order());
        Assert.Equal(("shardId-000000000000", "00000000000000000010"), signal.Requests[0]);
    }

    private sealed class RecordingSignal(Tributary.Streaming.Internal.IPublishSignal inner) : Tributary.Streaming.Internal.IPublishSignal
    {
        public SemaphoreSlim Asked { get; } = new(0);

        public List<(string Shard, string? After)> Requests { get; } = [];

        public Task WhenRecordsAfter(string shardId, string? afterSequenceNumber)
        {
            lock (Requests)
            {
                Requests.Add((shardId, afterSequenceNumber));
            }

            Asked.Release();
            return inner.WhenRecordsAfter(shardId, afterSequenceNumber);
        }
    }

    [Fact]
    public async Task Drains_every_shard_in_batches_and_checkpoints_so_a_second_drain_reads_nothing()
    {
        using var h = new Harness();
        var options = new ProcessOptions { BatchSize = 100 };

        var summary = await h.Mapping(options, _ => false).DrainAsync();

        Assert.Equal(250, summary.Records);
        Assert.Equal(Enumerable.Range(0, 250), h.Seen.Order());
        Assert.True(summary.Batches >= 3);
        foreach (var shard in await h.Stream.ListShardsAsync())
        {
            Assert.Equal(h.Stream.GetLastSequenceNumber(shard), await h.Checkpoints.GetAsync("process", shard));
        }

        var again = await h.Mapping(options, _ => false).DrainAsync();
        Assert.Equal(0, again.Records);
        Assert.Equal(250, h.Seen.Count);
    }

    [Fact]
    public async Task A_full_round_checkpoints_after_the_batch_that_filled_it()
    {
        using var h = new Harness(shards: 1, records: 250);
        var options = new ProcessOptions { BatchSize = 40, CheckpointIntervalRecords = 1_000 };
        var rounds = new List<string?>();
        var mapping = h.Mapping(options, _ => false);
        var held = 0;
        mapping.RoundFull = () => ++held >= 2;
        mapping.BeforeCheckpointAsync = async ct =>
        {
            held = 0;
            rounds.Add(await h.Checkpoints.GetAsync(options.ConsumerName, "shardId-000000000000", ct));
        };

        var summary = await mapping.DrainAsync();

        // 250 records in batches of 40, the round ending after every second batch: 80, 80, 80, 10.
        Assert.Equal(250, summary.Records);
        Assert.Equal(4, rounds.Count);
        Assert.Null(rounds[0]);
        Assert.Equal(h.Stream.GetLastSequenceNumber("shardId-000000000000"), await h.Checkpoints.GetAsync(options.ConsumerName, "shardId-000000000000"));
        Assert.Equal(Enumerable.Range(0, 250), h.Seen.Order());
    }

    [Fact]
    public async Task A_record_function_gets_the_stream_records_and_its_failures_are_retried_then_sent_to_the_on_failure_destination()
    {
        using var h = new Harness(shards: 1, records: 20);
        var options = new ProcessOptions { BatchSize = 10, MaximumRetryAttempts = 1 };
        var invocations = 0;
        var mapping = new LocalEventSourceMapping(h.Stream, h.Checkpoints, h.Store, options, (records, _) =>
        {
            invocations++;
            var response = new StreamsEventResponse();
            foreach (var record in records)
            {
                Assert.Equal("shardId-000000000000", record.ShardId);
                if (JsonDocument.Parse(record.Data).RootElement.GetProperty("n").GetInt32() == 13)
                {
                    response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = record.SequenceNumber });
                }
            }

            return Task.FromResult(response);
        });

        var summary = await mapping.DrainAsync();

        Assert.Equal(20, summary.Records);
        var quarantined = Assert.Single(summary.QuarantinedRecords);
        using var destination = JsonDocument.Parse(await File.ReadAllBytesAsync(h.Store.GetPath(quarantined.ReasonKey)));
        Assert.Equal("{\"n\":13}", Encoding.UTF8.GetString(Convert.FromBase64String(destination.RootElement.GetProperty("data").GetString()!)));
        Assert.Equal(2, destination.RootElement.GetProperty("attempts").GetInt32());
        Assert.True(invocations >= 3, $"{invocations} invocations");
    }

    [Fact]
    public async Task A_poison_record_is_isolated_by_bisection_retried_then_sent_to_the_on_failure_destination()
    {
        using var h = new Harness(shards: 1, records: 100);
        var options = new ProcessOptions { BatchSize = 100, MaximumRetryAttempts = 2, BisectBatchOnFunctionError = true };

        var summary = await h.Mapping(options, n => n == 37).DrainAsync();

        var quarantined = Assert.Single(summary.QuarantinedRecords);
        Assert.Equal(Enumerable.Range(0, 100).Where(n => n != 37), h.Seen.Distinct().Order());
        var destination = File.ReadAllText(Path.Combine(h.Root, quarantined.ReasonKey));
        using var doc = JsonDocument.Parse(destination);
        Assert.Equal("RetryAttemptsExhausted", doc.RootElement.GetProperty("condition").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("attempts").GetInt32());
        Assert.Equal("{\"n\":37}", Encoding.UTF8.GetString(Convert.FromBase64String(doc.RootElement.GetProperty("data").GetString()!)));
        Assert.StartsWith("quarantine/records/shardId-000000000000/", quarantined.ReasonKey);
        Assert.Equal(h.Stream.GetLastSequenceNumber("shardId-000000000000"), await h.Checkpoints.GetAsync("process", "shardId-000000000000"));
    }

    [Fact]
    public async Task Without_bisect_a_function_error_retries_the_whole_batch_then_gives_it_up()
    {
        using var h = new Harness(shards: 1, records: 10);
        var options = new ProcessOptions { BatchSize = 5, MaximumRetryAttempts = 1, BisectBatchOnFunctionError = false };

        var summary = await h.Mapping(options, n => n == 7, throwInstead: true).DrainAsync();

        // Batch 0-4 succeeds; batch 5-9 throws twice (first try + 1 retry) and all five go to the destination.
        Assert.Equal(3, h.Invocations);
        Assert.Equal(5, summary.QuarantinedRecords.Count);
        Assert.All(summary.QuarantinedRecords, q => Assert.Contains("boom on 7", q.Reason));
        Assert.Equal(1, summary.Retries);
    }

    [Fact]
    public async Task Batch_item_failures_retry_from_the_lowest_failed_record_and_a_transient_failure_recovers()
    {
        using var h = new Harness(shards: 1, records: 10);
        var failuresLeft = 2;
        var options = new ProcessOptions { BatchSize = 10, MaximumRetryAttempts = 5, BisectBatchOnFunctionError = false };

        var summary = await h.Mapping(options, n => n == 4 && failuresLeft-- > 0).DrainAsync();

        Assert.Empty(summary.QuarantinedRecords);
        Assert.Equal(3, h.Invocations);
        Assert.Equal(Enumerable.Range(0, 10), h.Seen.Distinct().Order());
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9, 5, 6, 7, 8, 9, 4, 5, 6, 7, 8, 9], h.Seen);
    }

    [Fact]
    public async Task A_batching_window_waits_for_a_short_batch_to_fill()
    {
        using var h = new Harness(shards: 1, records: 3);
        var options = new ProcessOptions { BatchSize = 10, MaximumBatchingWindowInSeconds = 30 };
        var mapping = h.Mapping(options, _ => false);

        var drain = mapping.DrainAsync();
        await Task.Delay(100);
        await h.Stream.PutRecordsAsync([.. Enumerable.Range(3, 7).Select(i => new PutRecordEntry(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), $"k{i}"))]);
        var summary = await drain;

        Assert.Equal(1, h.Invocations);
        Assert.Equal(10, summary.Records);
        Assert.Equal(Enumerable.Range(0, 10), h.Seen);
    }
}
