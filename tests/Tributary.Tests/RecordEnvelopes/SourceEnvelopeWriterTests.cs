using System.Buffers;
using System.Text;
using Tributary.Records;
using Tributary.Records.Internal;

namespace Tributary.Tests.RecordEnvelopes;

public sealed class SourceEnvelopeWriterTests
{
    [Theory]
    [InlineData("source/a.json", 0L)]
    [InlineData("source/2024/a \"q\" <&> +'.json", 17L)]
    [InlineData("source/données/日本\\x\u0001.json.gz", long.MaxValue)]
    [InlineData("", 9_999_999_999L)]
    public void Writes_the_same_bytes_as_the_envelope_writer(string source, long index)
    {
        var record = """{"b": 1.50,  "a":"x\u00e9", "c":[{}]}"""u8.ToArray();
        var expected = new RecordEnvelope(source, index, null, null, null, record).ToArray();

        var output = new ArrayBufferWriter<byte>();
        var writer = new SourceEnvelopeWriter(source);
        writer.Write(output, index, record);
        writer.Write(output, index, record);

        Assert.Equal(Encoding.UTF8.GetString(expected) + Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(output.WrittenSpan));
        var parsed = RecordEnvelope.Parse(output.WrittenMemory[..expected.Length]);
        Assert.Equal(source, parsed.Source);
        Assert.Equal(index, parsed.Index);
        Assert.Equal(record, parsed.Record.ToArray());
    }
}
