using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tributary.Records.Internal;
using Tributary.Tests.Json;
using Tributary.Tests.Transform;
using Xunit;

namespace Tributary.Tests.RecordEnvelopes;

/// <summary>
/// <see cref="RecordFields.WalkToEnd"/> (the skipper after the last path is decided) must find what
/// <see cref="RecordFields.Walk"/> (the reader to the end) finds: the same values, the same record end, and on an
/// invalid record the same error. So must <see cref="RecordFields.TrySkipWalk"/> (the skipper alone, the paths found
/// by its hook) whenever it vouches for a record; when it does not, the reader's walk is what the caller uses.
/// </summary>
public sealed class RecordFieldsSkipTests
{
    private static readonly string[][] PathSets =
    [
        ["RetailTxnData.StoreNo", "RetailTxnData.Region"],
        ["a", "a.b", "x.y", "s"],
        [],
        ["k.id"],
    ];

    private enum Mode
    {
        Reader,
        SkipAfterDecided,
        SkipAll,
    }

    [Fact]
    public void Retail_records_walk_alike()
    {
        foreach (var envelope in OnePassCorpus.Retail(300))
        {
            foreach (var paths in PathSets)
            {
                var plain = Walk(envelope, paths, Mode.Reader);
                Assert.Equal(plain, Walk(envelope, paths, Mode.SkipAfterDecided));

                // Plain names, valid data: the skipper alone vouches for every one of these.
                Assert.Equal(plain, Walk(envelope, paths, Mode.SkipAll, requireHook: true));
            }
        }
    }

    [Theory]
    [InlineData("{\"a\":{\"b\":1,\"b\":2}}", "a.b")]
    [InlineData("{\"a\":1,\"a\":{\"b\":2}}", "a.b")]
    [InlineData("{\"a\":[{\"b\":2}],\"a\":{\"b\":3}}", "a.b")]
    [InlineData("{\"q\":{\"a\":{\"b\":9}},\"a\":{\"c\":{\"b\":1}},\"x\":{\"b\":2}}", "a.b")]
    [InlineData("{\"a\":{\"b\":null},\"a\":{\"b\":1}}", "a.b")]
    [InlineData("{\"a\":{\"b\":{\"c\":[true,false]}},\"s\":false}", "a.b")]
    [InlineData("{\"a\":{\"b\":[1]},\"s\":true,\"t\":-0.5e-3}", "a.b")]
    [InlineData("{\"s\":\"a\\\"b\\u0041\",\"a\":{}}", "s")]
    [InlineData("{\"x\":{\"y\":{}},\"a\":{\"b\":{},\"b\":7}}", "a.b")]
    public void Duplicates_nesting_and_kinds_are_decided_as_the_reader_decides(string record, string path)
    {
        var envelope = Encoding.UTF8.GetBytes("{\"tributary\":1,\"record\":" + record + "}");
        string[] paths = [path, "s", "a"];
        Assert.Equal(Walk(envelope, paths, Mode.Reader), Walk(envelope, paths, Mode.SkipAll, requireHook: true));
    }

    [Fact]
    public void An_escaped_name_where_a_path_looks_is_left_to_the_reader()
    {
        var envelope = "{\"tributary\":1,\"record\":{\"\\u0061\":{\"b\":1}}}"u8.ToArray();
        var fields = new RecordFields(["a.b"]);
        var record = envelope.AsSpan(24, envelope.Length - 25);
        Assert.False(fields.TrySkipWalk(record, 4095, new FieldValue[1], out _));
        Assert.EndsWith("Number@39+1", Walk(envelope, ["a.b"], Mode.Reader));

        // Elsewhere, an escaped name is passed over.
        var elsewhere = "{\"q\":{\"\\u0061\":2},\"a\":{\"b\":3},\"z\":{\"\\u0062\":4},\"\\u0061\":5}"u8.ToArray();
        var values = new FieldValue[1];
        Assert.True(fields.TrySkipWalk(elsewhere, 4095, values, out var end));
        Assert.Equal(elsewhere.Length, end);
        Assert.Equal("3", Encoding.UTF8.GetString(elsewhere.AsSpan(values[0].Start, values[0].Length)));
    }

    [Fact]
    public void A_member_name_escaping_half_a_surrogate_pair_is_passed_by()
    {
        var envelope = "{\"tributary\":1,\"record\":{\"\\ud800\":1,\"a\":{\"\\udc00\":0,\"b\":2}}}"u8.ToArray();
        var plain = Walk(envelope, ["a.b"], Mode.Reader);
        Assert.Equal(plain, Walk(envelope, ["a.b"], Mode.SkipAfterDecided));
        Assert.Equal(plain, Walk(envelope, ["a.b"], Mode.SkipAll));
        Assert.EndsWith("Number@56+1", plain);
    }

    [Property(MaxTest = 1500)]
    public Property Generated_and_mutated_records_walk_alike() =>
        Prop.ForAll(
            Gen.Frequency((1, SkipperJson.Objects(3).Select(Encoding.UTF8.GetBytes)), (3, SkipperJson.Mutated(Records()))).ToArbitrary(),
            Gen.Elements(PathSets).ToArbitrary(),
            (record, paths) =>
            {
                var envelope = "{\"tributary\":1,\"record\":"u8.ToArray().Concat(record).Concat("}"u8.ToArray()).ToArray();
                var plain = Walk(envelope, paths, Mode.Reader);
                var skipped = Walk(envelope, paths, Mode.SkipAfterDecided);
                var hooked = Walk(envelope, paths, Mode.SkipAll);
                return (plain == skipped && plain == hooked).Label($"reader: {plain}\nskipper: {skipped}\nhook: {hooked}");
            });

    private static Gen<string> Records() =>
        SkipperJson.Objects(2).SelectMany(rest => Gen.Elements("{\"a\":{\"b\":1}", "{\"x\":{\"q\":[1],\"y\":\"z\"},\"a\":2", "{\"k\":{\"id\":\"7\"}", "{\"s\":null").Select(head =>
            rest.Trim('{', '}', ' ', '\n', '\r', '\t').Length == 0 ? head + "}" : head + "," + rest.TrimStart()[1..]));

    private static string Walk(byte[] envelope, string[] paths, Mode mode, bool requireHook = false)
    {
        var fields = new RecordFields(paths);
        var values = new FieldValue[paths.Length];
        var reader = new Utf8JsonReader(envelope, new JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            while (reader.Read() && !(reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1))
            {
            }

            var start = (int)reader.TokenStartIndex;
            int end;
            if (mode == Mode.SkipAll && reader.TokenType == JsonTokenType.StartObject
                && fields.TrySkipWalk(envelope.AsSpan(start), 4095, values, out var length))
            {
                // Positions as the reader over the whole envelope gives them.
                return $"{start}..{start + length} " + string.Join(" ", values.Select(v => v.Type is JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray
                    ? $"{v.Type}@{v.Start}+{v.Length}"
                    : $"{v.Type}@{v.Start + start}+{v.Length}"));
            }

            Assert.False(requireHook, "the skipper did not vouch for the record");
            if (mode == Mode.SkipAfterDecided)
            {
                end = fields.WalkToEnd(envelope, ref reader, values);
            }
            else
            {
                fields.Walk(ref reader, values);
                end = (int)reader.BytesConsumed;
            }

            return $"{start}..{end} " + string.Join(" ", values.Select(v => $"{v.Type}@{v.Start}+{v.Length}"));
        }
        catch (JsonException ex)
        {
            return $"error {ex.Message} ({ex.LineNumber}, {ex.BytePositionInLine})";
        }
    }
}
