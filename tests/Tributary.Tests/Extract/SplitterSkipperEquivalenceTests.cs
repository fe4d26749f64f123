using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tributary.Extract;
using Tributary.Extract.Internal;
using Tributary.Internal.Json;
using Tributary.Tests.Json;
using Tributary.Tests.Transform;
using Xunit;

namespace Tributary.Tests.Extract;

/// <summary>
/// The splitter with the skipper (once a record's key is known) must hand out exactly what it hands out reading every
/// token: the same records, offsets, keys and sizes, and on bad data the same error, offset and expected text.
/// </summary>
public sealed class SplitterSkipperEquivalenceTests
{
    private static readonly string[] KeyPath = ["k", "id"];

    [Property(MaxTest = 300)]
    public Property Generated_files_split_alike_with_and_without_the_skipper() =>
        Prop.ForAll(Files().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (file, seed) => Same(file.Data, seed, file.KeyPath));

    [Property(MaxTest = 1500)]
    public Property Mutated_files_split_alike_with_and_without_the_skipper() =>
        Prop.ForAll(Files().SelectMany(f => SkipperJson.Mutated(Gen.Constant(Encoding.UTF8.GetString(f.Data))).Select(d => (Data: d, f.KeyPath))).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (file, seed) => Same(file.Data, seed, file.KeyPath));

    [Fact]
    public void Retail_records_split_alike_in_every_layout()
    {
        var records = OnePassCorpus.Retail(200).Select(Encoding.UTF8.GetString).ToList();
        string[] envelopeKey = ["record", "RetailTxnData", "StoreNo"];
        foreach (var data in new[] { "[" + string.Join(",\n", records) + "]", string.Join("\n", records) + "\n", string.Join("", records) })
        {
            var bytes = Encoding.UTF8.GetBytes(data);
            foreach (var seed in new[] { 1, 2, 3 })
            {
                Assert.Equal(Split(bytes, seed, envelopeKey, useSkipper: false), Split(bytes, seed, envelopeKey, useSkipper: true));
            }
        }
    }

    [Theory]
    [InlineData("{\"k\":{\"x\":{\"id\":1},\"id\":-2.5e3}}", "-2.5e3")]
    [InlineData("{\"a\":[{\"k\":{\"id\":0}}],\"k\":{\"id\":null,\"id\":\"b c\"}}", "b c")]
    [InlineData("{\"k\":{\"id\":{}},\"k\":[],\"k\":{\"id\":true}}", "true")]
    [InlineData("{\"k\":{\"y\":1},\"k\":{\"id\":7}}", "7")]
    [InlineData("{\"k\":{\"y\":1}}", null)]
    public void The_skipper_finds_the_key_by_the_splitter_rules_without_the_reader(string json, string? key)
    {
        var data = Encoding.UTF8.GetBytes(json);
        var hook = new PartitionKeyHook([.. KeyPath.Select(Encoding.UTF8.GetBytes)]);
        Assert.True(JsonSkipState.TryAfterToken(System.Text.Json.JsonTokenType.StartObject, 1, 1, 0, out var state));
        Assert.Equal(SkipOutcome.Done, JsonSkipper.Skip(data, ref state, 16, ref hook));
        Assert.Equal(key, hook.Found ? Encoding.UTF8.GetString(data.AsSpan(hook.KeyStart, hook.KeyLength)) : null);
    }

    [Fact]
    public void An_error_after_skipped_multi_line_records_names_the_same_line_and_byte()
    {
        var record = "{\n  \"k\": {\"id\": 7},\n  \"v\": [1,\n 2],\r\n \"s\": \"x\"\n}\n";
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(record, 5)) + "{\"k\":{\"id\":8},\n \"v\": 01}\n");
        var plain = Split(data, 0, KeyPath, useSkipper: false);
        Assert.Equal(plain, Split(data, 0, KeyPath, useSkipper: true));
        Assert.Contains("line 32, byte 8 of the line", plain.Error);
    }

    [Fact]
    public async Task A_member_name_escaping_half_a_surrogate_pair_is_passed_by_on_the_way_to_the_key()
    {
        var data = "{\"\\ud800\":1,\"k\":{\"\\udc00x\":2,\"id\":5}}"u8.ToArray();
        foreach (var useSkipper in new[] { false, true })
        {
            using var splitter = new JsonRecordSplitter(new MemoryStream(data), 1 << 20, 16, KeyPath, useSkipper);
            Assert.True(await splitter.MoveNextAsync(CancellationToken.None));
            Assert.Equal("5", splitter.Key);
            Assert.Equal(data, splitter.Current.ToArray());
        }
    }

    [Fact]
    public async Task An_escaped_key_around_bytes_that_are_not_utf8_leaves_the_record_without_a_key()
    {
        // FsCheck found it: 0xC3 then an escape in the key. The reader unescaping it threw InvalidOperationException,
        // which no caller expects; the record is split as any other, and extract's UTF-8 check refuses it.
        byte[] data = [.. "{\"k\":{\"id\":\""u8, 0xC3, .. "\\u00e9\"},\"x\":1}"u8];
        foreach (var useSkipper in new[] { false, true })
        {
            using var splitter = new JsonRecordSplitter(new MemoryStream(data), 1 << 20, 16, KeyPath, useSkipper);
            Assert.True(await splitter.MoveNextAsync(CancellationToken.None));
            Assert.Null(splitter.Key);
            Assert.Equal(data, splitter.Current.ToArray());
            Assert.Equal(12, JsonRecordSplitter.FindInvalidUtf8(splitter.Current));
        }
    }

    [Fact]
    public void A_record_past_the_size_limit_is_reported_alike_and_one_just_under_it_is_kept()
    {
        var big = "{\"k\":{\"id\":1},\"pad\":\"" + new string('x', 1_600_000) + "\"}";
        // Near the limit, leaving room for one read ahead (the splitter counts what it holds of the record and beyond).
        var largest = "{\"k\":{\"id\":3},\"pad\":[\"" + new string('y', (1 << 20) - (1 << 16) - 40) + "\"]}";
        var data = Encoding.UTF8.GetBytes("{\"k\":{\"id\":0}}\n" + big + "\n{\"k\":{\"id\":2},\"a\":[1]}\n" + largest + "\n{\"k\":{\"id\":4}}");
        var plain = Split(data, 0, KeyPath, useSkipper: false, maxRecordBytes: 1 << 20, maxRead: 1 << 16);
        Assert.Contains("oversized", plain.Records);
        Assert.Equal(5, plain.Records.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("oversized", plain.Records.Split('\n').Single(r => r.Contains(" key=3 ", StringComparison.Ordinal)));
        Assert.Equal(plain, Split(data, 0, KeyPath, useSkipper: true, maxRecordBytes: 1 << 20, maxRead: 1 << 16));
    }

    private static Property Same(byte[] data, int seed, string[] keyPath)
    {
        var plain = Split(data, seed, keyPath, useSkipper: false);
        var skipped = Split(data, seed, keyPath, useSkipper: true);
        return (plain == skipped).Label($"reader: {plain}\nskipper: {skipped}");
    }

    private static Outcome Split(byte[] data, int seed, string[] keyPath, bool useSkipper, int maxRecordBytes = 1 << 20, int maxRead = 64)
    {
        var records = new StringBuilder();
        using var splitter = new JsonRecordSplitter(new TrickleStream(data, seed, maxRead), maxRecordBytes, 16, keyPath, useSkipper);
        try
        {
            while (splitter.MoveNextAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                records.Append(splitter.Index).Append('@').Append(splitter.Offset).Append(" key=").Append(splitter.Key ?? "-")
                    .Append(splitter.OversizedBytes > 0 ? $" oversized {splitter.OversizedBytes}" : " " + Convert.ToHexString(splitter.Current)).Append('\n');
            }

            return new Outcome(records.ToString(), null, -1, null, splitter.BytesRead);
        }
        catch (SourceFormatException ex)
        {
            return new Outcome(records.ToString(), ex.Message, ex.Offset, ex.Expected, splitter.BytesRead);
        }
    }

    private static Gen<(byte[] Data, string[] KeyPath)> Files() =>
        Gen.Choose(0, 6).SelectMany(count => Record().ListOf(count)).SelectMany(records =>
            Gen.Choose(0, 3).SelectMany(layout => Gen.Elements<string[]>(KeyPath, [], ["k"]).Select(path =>
            {
                var text = layout switch
                {
                    0 => "[" + string.Join(",", records) + "]",
                    1 => "[\n  " + string.Join(",\n  ", records) + "\n]\n",
                    2 => string.Join("\n", records) + "\n",
                    _ => string.Join(" ", records),
                };
                return (Encoding.UTF8.GetBytes(text), path);
            })));

    private static readonly string[] KeyMembers =
    [
        "\"k\":1", "\"k\":\"s\"", "\"k\":true", "\"k\":{\"id\":3}", "\"k\":{\"x\":1,\"id\":\"a\\u00e9\"}", "\"k\":{\"id\":[1]}", "\"k\":{\"id\":{}}",
        "\"k\":{\"id\":null},\"k\":{\"id\":9}", "\"k\":{\"id\":null,\"id\":\"b\"}", "\"k\":{\"x\":{\"id\":1},\"id\":-2.5e3}", "\"\\u006b\":{\"id\":1}",
        "\"k\":{\"\\u0069d\":false}", "\"k\":1,\"k\":{\"id\":2}", "\"k\":{\"id\":{}},\"k\":{\"id\":3}", "\"k\" : { \"id\" :\n \"x y\" }", "\"k\":{}",
    ];

    private static Gen<string> Record() =>
        Gen.Elements(KeyMembers).SelectMany(key => Gen.Elements(true, false).SelectMany(keyFirst =>
            SkipperJson.Objects(2).Select(rest =>
            {
                var members = rest.Trim('{', '}', ' ', '\n', '\r', '\t');
                return members.Length == 0 ? "{" + key + "}" : keyFirst ? "{" + key + "," + rest.TrimStart()[1..] : rest.TrimEnd()[..^1] + "," + key + "}";
            })));

    private sealed record Outcome(string Records, string? Error, long Offset, string? Expected, long BytesRead);
}
