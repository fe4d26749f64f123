using System.Text;
using System.Text.Json;
using Tributary.Delivery.Internal;
using Tributary.Records;
using Tributary.Records.Internal;

namespace Tributary.Tests.RecordEnvelopes;

/// <summary>
/// A member name escaping half a surrogate pair is valid JSON, but <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>
/// throws on it. Every envelope reader must treat such a name as a name it does not know.
/// </summary>
public sealed class LoneSurrogateNameTests
{
    public static TheoryData<string> Data =>
    [
        """{"\ud800":1}""",
        """{"tributary":1,"\udc00":"x","source":"s.json","index":3,"record":{"a":1}}""",
        """{"tributary":1,"source":"s.json","index":3,"record":{"\ud800":{"b":2},"RetailTxnData":{"\udbff":0,"StoreNo":5}}}""",
        """{"tributary":1,"shard":"shardId-000000000000","\ud800":2,"sequence":"7","record":{}}""",
    ];

    [Theory]
    [MemberData(nameof(Data))]
    public void Envelope_readers_pass_over_the_name(string json)
    {
        var data = Encoding.UTF8.GetBytes(json);
        var fields = new RecordFields(["RetailTxnData.StoreNo", "a"]);
        var values = new FieldValue[fields.Count];

        var view = EnvelopeView.Read(data, fields, values);
        var byReader = EnvelopeView.ReadWithReader(data, fields, new FieldValue[fields.Count]);
        var envelope = RecordEnvelope.Parse(data);
        _ = StreamPosition.TryRead(data, new ShardNames(), out _);

        Assert.Equal(byReader.ToString(), view.ToString());
        Assert.Equal(Encoding.UTF8.GetString(data.AsSpan(view.RecordStart, view.RecordLength)), Encoding.UTF8.GetString(envelope.Record.Span));
    }
}
