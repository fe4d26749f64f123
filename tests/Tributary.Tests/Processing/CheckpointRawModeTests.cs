using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Processing;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Processing;

/// <summary>The checkpoint raw mode: one raw object per partition per shard per round, written when the host flushes.</summary>
public sealed class CheckpointRawModeTests
{
    private static readonly DateTimeOffset Arrival = DateTimeOffset.FromUnixTimeMilliseconds(1545084650987);

    private static KinesisEvent Event(params (long Sequence, string Region)[] records) => new()
    {
        Records = [.. records.Select(r => new KinesisEventRecord
        {
            EventId = $"shardId-000000000001:{r.Sequence:D20}",
            Kinesis = new KinesisData
            {
                PartitionKey = "7",
                SequenceNumber = r.Sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
                Data = Encoding.UTF8.GetBytes(Record(r.Sequence, r.Region)),
                ApproximateArrivalTimestamp = Arrival,
            },
        })],
    };

    private static string Record(long sequence, string region) =>
        JsonSerializer.Serialize(new { RetailTxnData = new { InvoiceNo = sequence, Region = region, StoreNo = "5" } });

    private static ProcessHandler Handler(TempDirectory temp) =>
        new(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions()) { HostFlushesRaw = true };

    /// <summary>Every raw object (relative path) with its lines.</summary>
    private static Dictionary<string, string[]> Raw(TempDirectory temp) =>
        Directory.Exists(temp.Combine("raw"))
            ? Directory.GetFiles(temp.Combine("raw"), "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(temp.Path, f).Replace('\\', '/'),
                f => File.ReadAllText(f).Split('\n', StringSplitOptions.RemoveEmptyEntries),
                StringComparer.Ordinal)
            : [];

    [Fact]
    public async Task Raw_records_wait_for_the_flush_and_each_partition_of_the_round_is_one_object()
    {
        using var temp = new TempDirectory();
        var handler = Handler(temp);

        await handler.HandleAsync(Event((1, "Asia"), (2, "Europe"), (3, "Asia")));
        await handler.HandleAsync(Event((4, "Europe"), (5, "Asia")));
        Assert.Empty(Raw(temp));

        await handler.FlushRawAsync();

        var raw = Raw(temp);
        Assert.Equal(2, handler.RawObjectsWritten);
        Assert.Equal(
            [Record(1, "Asia"), Record(3, "Asia"), Record(5, "Asia")],
            raw["raw/Region=Asia/StoreNo=5/invoiceprocess_date=2018-12-17/shardId-000000000001-00000000000000000001.jsonl"]);
        Assert.Equal(
            [Record(2, "Europe"), Record(4, "Europe")],
            raw["raw/Region=Europe/StoreNo=5/invoiceprocess_date=2018-12-17/shardId-000000000001-00000000000000000002.jsonl"]);
        Assert.DoesNotContain(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories), f => f.EndsWith(".tributary-tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retried_batch_is_not_archived_twice()
    {
        using var temp = new TempDirectory();
        var handler = Handler(temp);

        await handler.HandleAsync(Event((1, "Asia"), (2, "Asia"), (3, "Asia")));
        await handler.HandleAsync(Event((2, "Asia"), (3, "Asia"), (4, "Asia")));
        await handler.FlushRawAsync();

        var lines = Assert.Single(Raw(temp)).Value;
        Assert.Equal([Record(1, "Asia"), Record(2, "Asia"), Record(3, "Asia"), Record(4, "Asia")], lines);
    }

    [Fact]
    public async Task A_replay_from_the_checkpoint_cut_elsewhere_rewrites_the_same_names_and_keeps_each_record_once()
    {
        using var temp = new TempDirectory();

        // First run: a round of records 1 to 6 in two batches; the crash comes after the raw flush, before the checkpoint.
        var crashed = Handler(temp);
        await crashed.HandleAsync(Event((1, "Asia"), (2, "Europe"), (3, "Asia")));
        await crashed.HandleAsync(Event((4, "Europe"), (5, "Asia"), (6, "Asia")));
        await crashed.FlushRawAsync();

        var afterCrash = Raw(temp);

        // The replay starts at the same checkpoint but cuts its round after record 4, then goes on in a new round.
        var replay = Handler(temp);
        await replay.HandleAsync(Event((1, "Asia"), (2, "Europe"), (3, "Asia"), (4, "Europe")));
        await replay.FlushRawAsync();
        await replay.HandleAsync(Event((5, "Asia"), (6, "Asia")));
        await replay.FlushRawAsync();

        var raw = Raw(temp);
        Assert.True(afterCrash.Keys.All(raw.ContainsKey), "the replay must rewrite the names the first run wrote");
        var all = raw.Values.SelectMany(lines => lines).ToList();
        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Without_a_host_that_flushes_the_mode_writes_each_batch()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions());

        await handler.HandleAsync(Event((1, "Asia"), (2, "Asia")));

        Assert.Equal([Record(1, "Asia"), Record(2, "Asia")], Assert.Single(Raw(temp)).Value);
    }
}
