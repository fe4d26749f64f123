using Tributary.Extract;
using Tributary.Ports;
using Tributary.TestSupport;

namespace Tributary.Tests.Streaming;

public sealed class LocalSequenceNumberTests
{
    [Fact]
    public void A_record_with_a_local_sequence_reads_and_compares_as_its_20_digit_string()
    {
        var data = new byte[] { 1, 2 };
        var arrival = DateTimeOffset.FromUnixTimeMilliseconds(1_732_700_000_123);
        var local = new StreamRecord("shardId-000000000001", 42, "k", data, arrival);
        var text = new StreamRecord("shardId-000000000001", "00000000000000000042", "k", data, arrival);

        Assert.Equal("00000000000000000042", local.SequenceNumber);
        Assert.Equal(42, local.LocalSequence);
        Assert.Equal(0, text.LocalSequence);
        Assert.Equal(text, local);
        Assert.Equal(text.GetHashCode(), local.GetHashCode());
        Assert.Contains("SequenceNumber = 00000000000000000042", local.ToString(), StringComparison.Ordinal);

        var replaced = local with { SequenceNumber = "7" };
        Assert.Equal("7", replaced.SequenceNumber);
        Assert.Equal(0, replaced.LocalSequence);
        Assert.NotEqual(local, replaced);
    }

    [Fact]
    public void A_put_result_with_a_local_sequence_reads_as_its_string_and_compares_as_a_number()
    {
        var local = new PutRecordResultEntry("shardId-000000000000", 9);
        var later = new PutRecordResultEntry("shardId-000000000000", 10);
        var text = new PutRecordResultEntry("shardId-000000000000", "00000000000000000009");

        Assert.Equal("00000000000000000009", local.SequenceNumber);
        Assert.Equal(text, local);
        Assert.True(PutRecordResultEntry.CompareSequence(later, local) > 0);
        Assert.True(PutRecordResultEntry.CompareSequence(text, later) < 0);
        Assert.True(local.HasSequenceNumber);
        Assert.False(new PutRecordResultEntry(null, null, "Throttled", "slow down").HasSequenceNumber);
    }

    [Fact]
    public void Ledger_tails_are_the_furthest_record_of_each_shard_in_any_order_and_mix()
    {
        using var folder = new TempDirectory();
        var file = new StoredObject("source/a.json", 10, "e1", DateTimeOffset.UnixEpoch);
        using (var ledger = ExtractLedger.Open(folder.Path, flushToDisk: false))
        {
            ledger.Start(file);
            ledger.Progress(file, 3, [
                new PutRecordResultEntry("shardId-000000000001", 5),
                new PutRecordResultEntry("shardId-000000000000", 12),
                new PutRecordResultEntry(null, null, "Throttled", "slow down"),
                new PutRecordResultEntry("shardId-000000000001", 4),
                new PutRecordResultEntry(new string("shardId-000000000000".AsSpan()), "100"),
            ]);
            ledger.Progress(file, 4, [new PutRecordResultEntry("shardId-000000000001", 2)]);

            Assert.Equal("100", ledger.Tails["shardId-000000000000"]);
            Assert.Equal("00000000000000000005", ledger.Tails["shardId-000000000001"]);
        }

        using var reopened = ExtractLedger.Open(folder.Path, flushToDisk: false);
        Assert.Equal("100", reopened.Tails["shardId-000000000000"]);
        Assert.Equal("00000000000000000005", reopened.Tails["shardId-000000000001"]);
    }
}
