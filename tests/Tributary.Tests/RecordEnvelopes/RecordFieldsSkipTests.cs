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
/// invalid record the same error.
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

    [Fact]
    public void Retail_records_walk_alike()
    {
        foreach (var envelope in OnePassCorpus.Retail(300))
        {
            foreach (var paths in PathSets)
            {
                Assert.Equal(Walk(envelope, paths, skip: false), Walk(envelope, paths, skip: true));
            }
        }
    }

    [Fact]
    public void A_member_name_escaping_half_a_surrogate_pair_is_passed_by()
    {
        var envelope = "{\"tributary\":1,\"record\":{\"\\ud800\":1,\"a\":{\"\\udc00\":0,\"b\":2}}}"u8.ToArray();
        var plain = Walk(envelope, ["a.b"], skip: false);
        Assert.Equal(plain, Walk(envelope, ["a.b"], skip: true));
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
                var plain = Walk(envelope, paths, skip: false);
                var skipped = Walk(envelope, paths, skip: true);
                return (plain == skipped).Label($"reader: {plain}\nskipper: {skipped}");
            });

    private static Gen<string> Records() =>
        SkipperJson.Objects(2).SelectMany(rest => Gen.Elements("{\"a\":{\"b\":1}", "{\"x\":{\"q\":[1],\"y\":\"z\"},\"a\":2", "{\"k\":{\"id\":\"7\"}", "{\"s\":null").Select(head =>
            rest.Trim('{', '}', ' ', '\n', '\r', '\t').Length == 0 ? head + "}" : head + "," + rest.TrimStart()[1..]));

    private static string Walk(byte[] envelope, string[] paths, bool skip)
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
            if (skip)
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
