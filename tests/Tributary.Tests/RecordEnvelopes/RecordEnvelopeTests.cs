using System.Text;
using System.Text.Json;
using Tributary.Records;

namespace Tributary.Tests.RecordEnvelopes;

public sealed class RecordEnvelopeTests
{
    [Fact]
    public void Extract_envelope_round_trips_and_keeps_record_bytes_unchanged()
    {
        var record = """{"b": 1.50,  "a":"x\u00e9"}"""u8.ToArray();
        var envelope = new RecordEnvelope("source/2024/a \"q\".json", 17, null, null, null, record);

        var bytes = envelope.ToArray();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal("""{"tributary":1,"source":"source/2024/a \u0022q\u0022.json","index":17,"record":{"b": 1.50,  "a":"x\u00e9"}}""", text);
        var parsed = RecordEnvelope.Parse(bytes);
        Assert.Equal("source/2024/a \"q\".json", parsed.Source);
        Assert.Equal(17, parsed.Index);
        Assert.Null(parsed.Shard);
        Assert.Equal(record, parsed.Record.ToArray());
    }

    [Fact]
    public void Forwarded_envelope_carries_stream_lineage()
    {
        var envelope = new RecordEnvelope("source/a.json", 3, "shardId-000000000001", "00000000000000000042", 1732700000123, """{"x":[1,{"y":2}]}"""u8.ToArray());

        var text = Encoding.UTF8.GetString(envelope.ToArray());

        Assert.Equal("""{"tributary":1,"source":"source/a.json","index":3,"shard":"shardId-000000000001","sequence":"00000000000000000042","arrival":1732700000123,"record":{"x":[1,{"y":2}]}}""", text);
        var parsed = RecordEnvelope.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal(envelope.Shard, parsed.Shard);
        Assert.Equal(envelope.SequenceNumber, parsed.SequenceNumber);
        Assert.Equal(envelope.ArrivalMilliseconds, parsed.ArrivalMilliseconds);
        Assert.Equal("""{"x":[1,{"y":2}]}""", Encoding.UTF8.GetString(parsed.Record.Span));
    }

    [Fact]
    public void Bare_object_from_a_foreign_producer_is_the_record_itself()
    {
        var bare = """{"RetailTxnData":{"StoreNo":"7"}}"""u8.ToArray();

        var parsed = RecordEnvelope.Parse(bare);

        Assert.Null(parsed.Source);
        Assert.Null(parsed.Index);
        Assert.Equal(bare, parsed.Record.ToArray());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("""{"tributary":1,"source":"a"}""")]
    [InlineData("""{"tributary":1,"record":[1]}""")]
    public void Malformed_data_is_rejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => RecordEnvelope.Parse(Encoding.UTF8.GetBytes(json)));
    }
}
