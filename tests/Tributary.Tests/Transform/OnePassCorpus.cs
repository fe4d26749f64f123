using System.Text;
using Tributary.Generation;
using Tributary.Records;

namespace Tributary.Tests.Transform;

/// <summary>Records for comparing the one-pass reader with the document path: the common ones and every bail-out.</summary>
internal static class OnePassCorpus
{
    public const long Arrival = 1732700000123;

    /// <summary>Records the one-pass reader must take (bare, or in an envelope by <see cref="Envelope"/>).</summary>
    public static readonly string[] Covered =
    [
        """{"a":1}""",
        """{"a":"x","b":{"c":true,"d":{"e":null,"f":-0.5e-3}},"g":false}""",
        """{"s":"quote \" backslash \\ tab \t \u00e9 😀 \/","n":12345678901234567890123,"z":0,"e":""}""",
        """  {"é":"été 😀","ключ":{"ü":1.50}}  """,
        """{"RetailTxnData":{"InvoiceNo":1,"Region":"Europe ","LineItem":{"StockCode":"01","UnitPrice":1.50,"Quantity":0},"Paid":true,"Note":null}}""",
        """{"row":1,"_rows":2,"_source":3,"source_file":4,"a":{"_row":5}}""",
        Nested(15),
        """{"a":{},"b":{   },"c":{"d":{}},"e":1}""",
        """{"x":{"_row":{}}}""",
        """{"a":1,"tributary":1,"record":{"b":2}}""",
        "{\"a\":1}\r\n\t ",
    ];

    /// <summary>Records the one-pass reader must leave to the document path, each for a reason of its own.</summary>
    public static readonly string[] BailOuts =
    [
        """{"a":[1,2]}""",
        """{"a":[]}""",
        """{"a":{"b":[{"c":1}]}}""",
        """{}""",
        """{"a":{"":1}}""",
        """{"a":{"":1,"b":2}}""",
        """{"":1}""",
        """{"a":1,"a":2}""",
        """{"a":{"b":1},"a":{"c":2}}""",
        """{"a":{"b":1},"a":2}""",
        """{"a":{},"a":2}""",
        """{"a_b":1,"a":{"b":{}}}""",
        """{"_row":{}}""",
        """{"a_b":1,"a":{"b":2}}""",
        """{"a":{"b":2},"a_b":1}""",
        """{"k\u00e9y":1}""",
        """{"a":1,"\u0061":2}""",
        """{"_row":1}""",
        """{"a":"x","_source_file":"y"}""",
        """{"bad":"\ud800"}""",
        """{"pair":"\ud83d\ude00"}""",
        """{"a":1,"b":"\\ud800 is text"}""",
        """{"broken": """,
        """{"a":1} x""",
        """{"a":1}{"b":2}""",
        """{"a":1,}""",
        """{"a":01}""",
        """[{"a":1}]""",
        """ "text" """,
        Nested(16),
        Nested(17),
    ];

    /// <summary>Envelopes the one-pass reader must leave to the document path (whole records, not wrapped again).</summary>
    public static readonly string[] EnvelopeBailOuts =
    [
        """{"tributary":2,"record":{"a":1}}""",
        """{"tributary":1.0,"record":{"a":1}}""",
        """{"tributary":"1","record":{"a":1}}""",
        """{"tributary":1}""",
        """{"tributary":1,"record":[1,2]}""",
        """{"tributary":1,"record":"x"}""",
        """{"tributary":1,"record":{"a":1},"record":{"b":2}}""",
        """{"tributary":1,"source":"a","source":"b","record":{"a":1}}""",
        """{"tributary":1,"source":7,"record":{"a":1}}""",
        """{"tributary":1,"index":1.5,"record":{"a":1}}""",
        """{"tributary":1,"index":"1","record":{"a":1}}""",
        """{"tributary":1,"arrival":99999999999999999999,"record":{"a":1}}""",
        """{"tributary":1,"arrival":9223372036854775807,"record":{"a":1}}""",
        """{"tributary":1,"shard":"\ud800","record":{"a":1}}""",
        """{"tributary":1,"skipped":"\ud800","record":{"a":1}}""",
        """{"tributary":1,"\u0072ecord":{"a":1}}""",
        """{"\u0074ributary":1,"record":{"a":1}}""",
        """{"tributary":1,"record":{"a":1},"extra":[1,}""",
    ];

    /// <summary>Envelopes the one-pass reader must take.</summary>
    public static readonly string[] EnvelopesCovered =
    [
        """{"tributary":1,"record":{"a":1}}""",
        """{"tributary":1,"record":{"a":1},"source":"s.json","index":3,"shard":"sh","sequence":"9","arrival":1732700000999}""",
        """{"tributary":1,"source":null,"index":null,"shard":null,"sequence":null,"arrival":null,"record":{"a":"b"}}""",
        """{"tributary":1,"source":"source/\u00e9 \"q\".json","extra":{"x":[1,{}]},"tributary":5,"record":{"a":1}}""",
        """{"tributary":1,"arrival":-5,"record":{"a":{"b":"c"}}}""",
    ];

    /// <summary>The depth limit the corpus is read with: <see cref="Nested"/>(15) is within it, (16) is not.</summary>
    public const int MaxDepth = 16;

    /// <summary>A record of <paramref name="objects"/> objects nested in one another, the record included.</summary>
    public static string Nested(int objects) => string.Concat(Enumerable.Repeat("{\"d\":", objects - 1)) + "{\"v\":1}" + new string('}', objects - 1);

    public static byte[] Envelope(string record, long index, string? source = "source/a.json") =>
        new RecordEnvelope(source, index, "shardId-000000000001", (49590000000L + index).ToString(System.Globalization.CultureInfo.InvariantCulture), Arrival + index, Encoding.UTF8.GetBytes(record)).ToArray();

    /// <summary>Generated retail records (the pipeline's own shape), in envelopes.</summary>
    public static IEnumerable<byte[]> Retail(int count)
    {
        var generator = new DataGenerator(MockarooSchema.Retail);
        using var lines = new MemoryStream();
        generator.WriteRecords(lines, count, 5, GeneratedFileFormat.JsonLines);
        var index = 0;
        foreach (var line in Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return Envelope(line, index++, source: $"source/{index % 3}.json");
        }
    }
}
