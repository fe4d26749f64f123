using System.Buffers;
using System.Text;
using System.Text.Json;
using Tributary.Records.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.RecordEnvelopes;

public sealed class EnvelopeViewTests
{
    private static readonly string[] Sources = ["source/a.json", "source/dir/b c.json", "", "source/\"q\".json", "source/ü+&.json", "source/t\t.json"];

    private static readonly string[] Records =
    [
        """{"RetailTxnData":{"Region":"North","StoreNo":7,"Items":[{"a":1}]}}""",
        """{"RetailTxnData":{"Region":{"x":1},"StoreNo":null}}""",
        """{"other":[1,2,3],"RetailTxnData":{"StoreNo":"s\"q"}}""",
        "{}",
    ];

    [Fact]
    public void Extracts_envelopes_are_read_the_same_with_or_without_the_json_reader()
    {
        // Heads as extract writes them, some cut or changed at one byte: the byte match must give the reader's parts,
        // field positions and errors whenever it takes a head, and leave every other head to the reader.
        var fields = new RecordFields(["RetailTxnData.Region", "RetailTxnData.StoreNo", "missing"]);
        var random = new Random(6);
        for (var i = 0; i < 3000; i++)
        {
            var data = Extracted(Sources[random.Next(Sources.Length)], random.Next(3) == 0 ? -random.Next(100) : random.NextInt64(0, long.MaxValue), Records[random.Next(Records.Length)]);
            data = HeadMutation.MaybeBreak(random, data);

            var expected = Outcome(data, fields, EnvelopeView.ReadWithReader);
            Assert.Equal(expected, Outcome(data, fields, EnvelopeView.Read));
            Assert.Equal(Outcome(data, null, EnvelopeView.ReadWithReader), Outcome(data, null, EnvelopeView.Read));
        }
    }

    [Fact]
    public void The_byte_match_finds_source_index_record_and_field_positions_in_the_data()
    {
        var data = Extracted("source/a.json", 42, """{"RetailTxnData":{"Region":"North","StoreNo":7}}""");
        var fields = new RecordFields(["RetailTxnData.Region", "RetailTxnData.StoreNo"]);
        var values = new FieldValue[2];

        var view = EnvelopeView.Read(data, fields, values);

        Assert.Equal("source/a.json", Encoding.UTF8.GetString(data.AsSpan(view.SourceStart, view.SourceLength)));
        Assert.Equal(42, view.Index);
        Assert.Equal("""{"RetailTxnData":{"Region":"North","StoreNo":7}}""", Encoding.UTF8.GetString(data.AsSpan(view.RecordStart, view.RecordLength)));
        Assert.Equal("North", Encoding.UTF8.GetString(data.AsSpan(values[0].Start, values[0].Length)));
        Assert.Equal("7", Encoding.UTF8.GetString(data.AsSpan(values[1].Start, values[1].Length)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("00")]
    [InlineData("-")]
    [InlineData("-01")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456789")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("null")]
    [InlineData("\"7\"")]
    public void An_index_as_written_is_read_as_the_reader_reads_it(string index)
    {
        var fields = new RecordFields(["RetailTxnData.Region", "RetailTxnData.StoreNo"]);
        var data = Encoding.UTF8.GetBytes($"{{\"tributary\":1,\"source\":\"source/a.json\",\"index\":{index},\"record\":{Records[0]}}}");
        Assert.Equal(Outcome(data, fields, EnvelopeView.ReadWithReader), Outcome(data, fields, EnvelopeView.Read));
    }

    [Theory]
    [InlineData("source/plain.json")]
    [InlineData("source/\\u00fc.json")]
    [InlineData("source/\u00fc.json")]
    [InlineData("source/tab\t.json")]
    [InlineData("source/del\u007f.json")]
    [InlineData("source/\\\"q\\\".json")]
    [InlineData("")]
    public void A_source_as_written_is_read_as_the_reader_reads_it(string source)
    {
        var fields = new RecordFields(["RetailTxnData.Region"]);
        var data = Encoding.UTF8.GetBytes($"{{\"tributary\":1,\"source\":\"{source}\",\"index\":3,\"record\":{Records[0]}}}");
        Assert.Equal(Outcome(data, fields, EnvelopeView.ReadWithReader), Outcome(data, fields, EnvelopeView.Read));
    }

    private delegate EnvelopeView Reader(ReadOnlySpan<byte> data, RecordFields? fields, Span<FieldValue> values);

    private static string Outcome(byte[] data, RecordFields? fields, Reader read)
    {
        var values = new FieldValue[fields?.Count ?? 0];
        try
        {
            var view = read(data, fields, values);
            return $"{view} {string.Join(",", values)}";
        }
        catch (JsonException)
        {
            return "JsonException";
        }
    }

    private static byte[] Extracted(string source, long index, string record)
    {
        var output = new ArrayBufferWriter<byte>();
        new SourceEnvelopeWriter(source).Write(output, index, Encoding.UTF8.GetBytes(record));
        return output.WrittenSpan.ToArray();
    }
}
