using System.Text;
using System.Text.Json;
using Tributary.Processing.Internal;
using Tributary.Records.Internal;

namespace Tributary.Tests.RecordEnvelopes;

public sealed class RecordFieldsTests
{
    private static readonly string[] Paths = ["a", "a.b", "a.b.c", "x.y", "s", "a.\u00e9"];

    public static TheoryData<string> Records() =>
    [
        """{"a":{"b":{"c":1}},"x":{"y":"z"},"s":"t"}""",
        """{"a":null,"x":{"y":null},"s":null}""",
        """{"a":{"b":1,"b":{"c":2}},"x":[{"y":1}],"x":{"y":2}}""",
        """{"a":{"c":1},"a":{"b":{"c":"second a is never read"}}}""",
        """{"a":{"b":{"d":{"c":9}},"z":true},"x":{"q":1,"y":false,"y":true}}""",
        """{"s":"e\u0073caped \"q\" \\ ","a":{"\u00e9":"name escaped","b":[1,{"c":2}]}}""",
        """{"q":[{"a":1},{"s":2}],"r":{"a":{"b":{"c":"nested too deep to count"}}},"s":-1.5e3}""",
        """{"x":{"y":{"deep":[1,2,{"y":3}]}},"a":[],"s":{"t":1}}""",
        """{}""",
        """{"a":{},"x":{},"s":""}""",
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Finds_what_a_walk_per_path_finds(string json)
    {
        var record = Encoding.UTF8.GetBytes(json);
        var data = Encoding.UTF8.GetBytes("{\"tributary\":1,\"record\":" + json + "}");
        var fields = new RecordFields(Paths);
        var values = new FieldValue[Paths.Length];

        var view = EnvelopeView.Read(data, fields, values);

        Assert.True(view.IsEnvelope);
        Assert.Equal(json, Encoding.UTF8.GetString(data.AsSpan(view.RecordStart, view.RecordLength)));
        for (var p = 0; p < Paths.Length; p++)
        {
            var expectedType = new JsonFieldPath(Paths[p]).ReadRaw(record, out var start, out var length);
            var found = values[p];
            Assert.Equal(expectedType, found.Type);
            if (expectedType is JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.None)
            {
                continue;
            }

            Assert.Equal(
                Encoding.UTF8.GetString(record.AsSpan(start, length)),
                Encoding.UTF8.GetString(data.AsSpan(found.Start, found.Length)));
        }
    }

    [Theory]
    [InlineData("""{"tributary":1,"record":{"a":{"b":1,"c":tru}}}""")]
    [InlineData("""{"tributary":1,"record":{"a":{"b":1},"c":[1,}}""")]
    [InlineData("""{"tributary":1,"record":{"a":{"b":1},"c":1""")]
    [InlineData("""{"tributary":1,"record":{"z":1,"c":"x""")]
    public void Invalid_records_still_fail(string json)
    {
        var values = new FieldValue[Paths.Length];
        Assert.ThrowsAny<JsonException>(() => EnvelopeView.Read(Encoding.UTF8.GetBytes(json), new RecordFields(Paths), values));
    }
}
