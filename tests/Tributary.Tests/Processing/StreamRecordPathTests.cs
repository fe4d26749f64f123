using System.Text;
using System.Text.Json;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Records;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Processing;

/// <summary>
/// The in-process path (<see cref="ProcessHandler.HandleRecordsAsync"/>): the same outcome as a Kinesis event of the
/// same records, envelopes written without a JSON writer, raw records copied out of the caller's buffers.
/// </summary>
public sealed class StreamRecordPathTests
{
    private static readonly DateTimeOffset Arrival = DateTimeOffset.FromUnixTimeMilliseconds(1545084650987);

    private static string Retail(long invoice, string region, string store) =>
        JsonSerializer.Serialize(new { RetailTxnData = new { InvoiceNo = invoice, Region = region, StoreNo = store } });

    private static byte[] Envelope(string? source, long? index, string record) =>
        new RecordEnvelope(source, index, null, null, null, Encoding.UTF8.GetBytes(record)).ToArray();

    private static StreamRecord Record(long sequence, byte[] data) =>
        new("shardId-000000000002", sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture), "7", data, Arrival);

    private static KinesisEvent Event(IEnumerable<StreamRecord> records) => new()
    {
        Records = [.. records.Select(r => new KinesisEventRecord
        {
            EventId = $"{r.ShardId}:{r.SequenceNumber}",
            Kinesis = new KinesisData { PartitionKey = r.PartitionKey, SequenceNumber = r.SequenceNumber, Data = r.Data, ApproximateArrivalTimestamp = r.ApproximateArrivalTimestamp },
        })],
    };

    private static Dictionary<string, string> Raw(TempDirectory temp) =>
        Directory.Exists(temp.Combine("raw"))
            ? Directory.GetFiles(temp.Combine("raw"), "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(temp.Path, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal)
            : [];

    private static List<StreamRecord> Batch() =>
    [
        Record(1, Envelope("source/a.json", 0, Retail(1, "Europe ", "12"))),
        Record(2, Encoding.UTF8.GetBytes(Retail(2, "Asia", "3"))),
        Record(3, "not json"u8.ToArray()),
        Record(4, Envelope("source/é \"quoted\" \\ \u0001 <b>.json", 7, Retail(4, "Europe ", "12"))),
        Record(5, Envelope(null, null, Retail(5, "Asia", "3"))),
        Record(6, Encoding.UTF8.GetBytes("{\"tributary\":1,\"index\":\"x\",\"record\":{}}")),
    ];

    [Theory]
    [InlineData(RawArchiveMode.Batch)]
    [InlineData(RawArchiveMode.Record)]
    [InlineData(RawArchiveMode.Checkpoint)]
    public async Task Records_and_the_same_records_in_a_Kinesis_event_give_the_same_raw_objects_deliveries_and_failures(RawArchiveMode mode)
    {
        using var direct = new TempDirectory();
        using var viaEvent = new TempDirectory();
        var directDelivery = new RecordingDeliveryStream();
        var eventDelivery = new RecordingDeliveryStream();
        var options = new ProcessOptions { RawMode = mode };
        var directHandler = new ProcessHandler(new LocalObjectStore(direct.Path), directDelivery, options) { HostFlushesRaw = true };
        var eventHandler = new ProcessHandler(new LocalObjectStore(viaEvent.Path), eventDelivery, options) { HostFlushesRaw = true };

        var directResponse = await directHandler.HandleRecordsAsync(Batch());
        var eventResponse = await eventHandler.HandleAsync(Event(Batch()));
        await directHandler.FlushRawAsync();
        await eventHandler.FlushRawAsync();

        Assert.Equal(["00000000000000000003", "00000000000000000006"], directResponse.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(directResponse.BatchItemFailures.Select(f => f.ItemIdentifier), eventResponse.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(4, directDelivery.Records.Count);
        Assert.Equal(directDelivery.Records, eventDelivery.Records);
        var raw = Raw(direct);
        Assert.NotEmpty(raw);
        Assert.Equal(raw, Raw(viaEvent));
        Assert.Equal(4, raw.Values.Sum(content => content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public async Task Forwarded_envelopes_carry_lineage_and_keep_sources_that_need_escaping_exactly()
    {
        using var temp = new TempDirectory();
        var delivery = new RecordingDeliveryStream();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), delivery, new ProcessOptions());
        var sources = new[] { "source/plain.json", "source/é \"quoted\" \\ \u0001 <b>.json", "source/\ud83d\ude00.json", string.Empty };
        var batch = sources.Select((s, i) => Record(i + 1, Envelope(s, i, Retail(i, "Asia", "3")))).ToList();

        await handler.HandleRecordsAsync(batch);

        Assert.Equal(sources.Length, delivery.Records.Count);
        for (var i = 0; i < sources.Length; i++)
        {
            // A JSON parser must accept every envelope whole, and read back what went in.
            using var document = JsonDocument.Parse(delivery.Records[i]);
            var envelope = RecordEnvelope.Parse(delivery.Records[i]);
            Assert.Equal(sources[i], envelope.Source);
            Assert.Equal(i, envelope.Index);
            Assert.Equal("shardId-000000000002", envelope.Shard);
            Assert.Equal((i + 1).ToString("D20", System.Globalization.CultureInfo.InvariantCulture), envelope.SequenceNumber);
            Assert.Equal(Arrival.ToUnixTimeMilliseconds(), envelope.ArrivalMilliseconds);
            Assert.Equal(Retail(i, "Asia", "3"), Encoding.UTF8.GetString(envelope.Record.Span));
        }

        // Plain ASCII comes out byte for byte as the JSON writer writes it.
        var expected = new RecordEnvelope("source/plain.json", 0, "shardId-000000000002", "00000000000000000001", Arrival.ToUnixTimeMilliseconds(), Encoding.UTF8.GetBytes(Retail(0, "Asia", "3"))).ToArray();
        Assert.Equal(expected, delivery.Records[0]);
    }

    [Fact]
    public async Task Shard_and_sequence_ids_that_need_escaping_are_escaped()
    {
        using var temp = new TempDirectory();
        var delivery = new RecordingDeliveryStream();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), delivery, new ProcessOptions { RawMode = RawArchiveMode.Batch });
        var record = new StreamRecord("shard \"x\" é", "12\"3", "7", Envelope("source/a.json", 0, Retail(1, "Asia", "3")), Arrival);

        var response = await handler.HandleRecordsAsync([record]);

        Assert.Empty(response.BatchItemFailures);
        var envelope = RecordEnvelope.Parse(Assert.Single(delivery.Records));
        Assert.Equal("shard \"x\" é", envelope.Shard);
        Assert.Equal("12\"3", envelope.SequenceNumber);
    }

    [Fact]
    public async Task Round_records_are_copied_so_the_callers_buffers_can_be_reused_before_the_flush()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions()) { HostFlushesRaw = true };
        var first = Envelope("source/a.json", 0, Retail(1, "Asia", "3"));
        var second = Envelope("source/a.json", 1, Retail(2, "Asia", "3"));
        var large = Envelope("source/a.json", 2, JsonSerializer.Serialize(new { RetailTxnData = new { Region = "Asia", StoreNo = "3", Note = new string('x', 1_100_000) } }));

        await handler.HandleRecordsAsync([Record(1, first), Record(2, second), Record(3, large)]);
        Array.Fill(first, (byte)'!');
        Array.Fill(second, (byte)'!');
        Array.Fill(large, (byte)'!');
        await handler.FlushRawAsync();

        var content = Assert.Single(Raw(temp)).Value.Split('\n');
        Assert.Equal(4, content.Length);
        Assert.Equal(Retail(1, "Asia", "3"), content[0]);
        Assert.Equal(Retail(2, "Asia", "3"), content[1]);
        Assert.Contains(new string('x', 1_100_000), content[2], StringComparison.Ordinal);
        Assert.Equal(string.Empty, content[3]);
    }

    [Fact]
    public async Task Raw_bytes_held_count_the_rounds_lines_until_the_flush()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions()) { HostFlushesRaw = true };
        var records = Enumerable.Range(0, 10).Select(i => Retail(i, i % 3 == 0 ? "Asia" : "Europe", "3")).ToList();

        Assert.Equal(0, handler.RawBytesHeld);
        await handler.HandleRecordsAsync([.. records.Select((r, i) => Record(i + 1, Envelope("source/a.json", i, r)))]);
        Assert.Equal(records.Sum(r => Encoding.UTF8.GetByteCount(r) + 1), handler.RawBytesHeld);

        await handler.FlushRawAsync();
        Assert.Equal(0, handler.RawBytesHeld);
        Assert.Equal(records.Sum(r => Encoding.UTF8.GetByteCount(r) + 1), Raw(temp).Values.Sum(c => Encoding.UTF8.GetByteCount(c)));
    }

    [Fact]
    public async Task Rounds_after_the_first_reuse_blocks_without_mixing_records_of_different_rounds()
    {
        using var temp = new TempDirectory();
        var handler = new ProcessHandler(new LocalObjectStore(temp.Path), new RecordingDeliveryStream(), new ProcessOptions()) { HostFlushesRaw = true };

        for (var round = 0; round < 3; round++)
        {
            var batch = Enumerable.Range(0, 50).Select(i => Record((round * 100) + i + 1, Envelope("source/a.json", (round * 100) + i, Retail((round * 100) + i, i % 2 == 0 ? "Asia" : "Europe", "3")))).ToList();
            await handler.HandleRecordsAsync(batch);
            await handler.FlushRawAsync();
        }

        var raw = Raw(temp);
        Assert.Equal(6, raw.Count);
        var lines = raw.Values.SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(150, lines.Count);
        Assert.Equal(150, lines.Distinct().Count());
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
    }
}
