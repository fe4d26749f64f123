using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tributary.Flatten;
using Tributary.Transform.Internal;

namespace Tributary.Tests.Transform;

/// <summary>
/// The one-pass reader's byte scanner against its token reader, on the same records in the same order: where the
/// scanner reads a record it must make exactly the token reader's sink calls (names, kinds, the same bytes at the same
/// offsets) and find the same lineage; where it declines, the token reader must decline too; where it is unsure, the
/// combined reader must end as the token reader does. Records come from the corpus, generated shapes and random
/// one- and two-byte mutations of both.
/// </summary>
public sealed class OnePassScannerTests
{
    private static readonly FlattenOptions Options = new() { MaxDepth = OnePassCorpus.MaxDepth };

    [Fact]
    public void The_scanner_reads_every_record_the_token_reader_takes_in_the_corpus()
    {
        var judge = new Judge(Options);
        var records = OnePassCorpus.Covered.SelectMany(c => new[] { Encoding.UTF8.GetBytes(c), OnePassCorpus.Envelope(c, 4) })
            .Concat(OnePassCorpus.EnvelopesCovered.Select(Encoding.UTF8.GetBytes))
            .Concat(OnePassCorpus.Retail(200));
        foreach (var record in records)
        {
            Assert.True(judge.Compare(record) == (OnePassScan.Read, true), Encoding.UTF8.GetString(record));
        }
    }

    [Fact]
    public void The_scanner_never_reads_a_record_the_token_reader_leaves_to_the_document_path()
    {
        var judge = new Judge(Options);
        var records = OnePassCorpus.BailOuts.SelectMany(c => new[] { Encoding.UTF8.GetBytes(c), OnePassCorpus.Envelope(c, 4) })
            .Concat(OnePassCorpus.EnvelopeBailOuts.Select(Encoding.UTF8.GetBytes))
            .ToList();
        var declined = 0;
        foreach (var record in records)
        {
            // A few of them only fail in the staging chunk (an arrival out of range): the reader itself takes those.
            var (scan, tokens) = judge.Compare(record);
            Assert.True(!tokens || scan != OnePassScan.Declined, Encoding.UTF8.GetString(record));
            declined += scan == OnePassScan.Declined ? 1 : 0;
        }

        // Lists, escaped and repeated names are settled without the token reader.
        Assert.True(declined >= 20, $"{declined} of {records.Count} declined by the scanner alone");
    }

    [Fact]
    public void White_space_anywhere_between_tokens_is_read_as_the_token_reader_reads_it()
    {
        var judge = new Judge(Options);
        foreach (var record in OnePassCorpus.Retail(50).Concat(OnePassCorpus.Covered.Select(c => OnePassCorpus.Envelope(c, 1))))
        {
            var spaced = Spaced(record);
            var outcome = judge.Compare(spaced);
            Assert.True(outcome == (OnePassScan.Read, true), $"{outcome}: {Encoding.UTF8.GetString(spaced)}");
        }
    }

    /// <summary>The record with white space around every brace, comma and colon outside its strings.</summary>
    private static byte[] Spaced(byte[] record)
    {
        var spaced = new List<byte>(" \r\n"u8.ToArray());
        var inString = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (inString)
            {
                spaced.Add(c);
                if (c == (byte)'\\')
                {
                    spaced.Add(record[++i]);
                }
                else if (c == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            inString = c == (byte)'"';
            if (c is (byte)'}' or (byte)',' or (byte)':')
            {
                spaced.AddRange(" \t"u8.ToArray());
            }

            spaced.Add(c);
            if (c is (byte)'{' or (byte)',' or (byte)':')
            {
                spaced.AddRange("\n  "u8.ToArray());
            }
        }

        spaced.AddRange("\n "u8.ToArray());
        return [.. spaced];
    }

    [Fact]
    public void A_record_the_scanner_is_unsure_of_is_read_by_the_token_reader_on_a_fresh_row()
    {
        var judge = new Judge(Options);

        // Envelope integers of 19 digits: the scanner only parses those that cannot overflow.
        byte[][] records =
        [
            Encoding.UTF8.GetBytes("""{"tributary":1,"index":1000000000000000000,"record":{"a":1,"b":{"c":"d"}}}"""),
            Encoding.UTF8.GetBytes("""{"tributary":1,"arrival":-1000000000000000000,"record":{"a":1,"b":{"c":"d"}}}"""),
        ];
        foreach (var record in records)
        {
            Assert.Equal((OnePassScan.Unsure, true), judge.Compare(record));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(64)]
    public void Depth_limits_end_records_where_the_token_reader_ends_them(int maxDepth)
    {
        var judge = new Judge(new FlattenOptions { MaxDepth = maxDepth });
        for (var objects = 1; objects <= 18; objects++)
        {
            var nested = OnePassCorpus.Nested(objects);
            var emptyInside = string.Concat(Enumerable.Repeat("{\"d\":", objects)) + "{}" + new string('}', objects);
            var emptyBeside = string.Concat(Enumerable.Repeat("{\"d\":", objects - 1)) + "{\"v\":{},\"w\":1}" + new string('}', objects - 1);
            var deepSkipped = "{\"tributary\":1,\"extra\":" + new string('[', objects) + new string(']', objects) + ",\"record\":{\"a\":1}}";
            foreach (var json in new[] { nested, emptyInside, emptyBeside })
            {
                judge.Compare(Encoding.UTF8.GetBytes(json));
                judge.Compare(OnePassCorpus.Envelope(json, objects));
            }

            judge.Compare(Encoding.UTF8.GetBytes(deepSkipped));
        }
    }

    [Fact]
    public void Records_mutated_at_one_or_two_bytes_end_as_the_token_reader_ends_them()
    {
        var random = new Random(47);
        var bases = OnePassCorpus.Covered.SelectMany(c => new[] { Encoding.UTF8.GetBytes(c), OnePassCorpus.Envelope(c, 4) })
            .Concat(OnePassCorpus.EnvelopesCovered.Select(Encoding.UTF8.GetBytes))
            .Concat(OnePassCorpus.Retail(40))
            .ToList();
        var judge = new Judge(Options);
        var outcomes = new Dictionary<(OnePassScan, bool), int>();
        for (var i = 0; i < 6000; i++)
        {
            var record = Mutate(random, bases[random.Next(bases.Count)]);
            if (random.Next(2) == 0)
            {
                record = Mutate(random, record);
            }

            var outcome = judge.Compare(record);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The mutations reach every branch: records read, declined, and left to the token reader both ways.
        Assert.True(outcomes.GetValueOrDefault((OnePassScan.Read, true)) > 500, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault((OnePassScan.Declined, false)) > 200, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault((OnePassScan.Unsure, false)) > 500, Describe(outcomes));
    }

    [Property(MaxTest = 300)]
    public Property Generated_records_end_as_the_token_reader_ends_them() =>
        Prop.ForAll(Records().ListOf(4).ToArbitrary(), records =>
        {
            // One judge for the whole list: later records meet the names the earlier ones left in the cache.
            var judge = new Judge(Options);
            foreach (var json in records)
            {
                judge.Compare(Encoding.UTF8.GetBytes(json));
                judge.Compare(OnePassCorpus.Envelope(json, 5));
            }

            return true;
        });

    private static Gen<string> Records() =>
        Gen.Frequency((3, Objects(4)), (1, Tributary.Tests.Flatten.JsonGenerators.Objects(3)))
            .SelectMany(json => Gen.Elements("", " ", "\n", "\t ").Select(space => space.Length == 0 ? json : json.Replace(",", space + "," + space, StringComparison.Ordinal).Replace(":", space + ":", StringComparison.Ordinal)));

    private static Gen<string> Objects(int depth)
    {
        string[] scalars = ["0", "-0", "1.50", "1e3", "-2E-7", "12345678901234567890", "true", "false", "null", "\"\"", "\"a\"", "\"é\\n\\u0041\"", "\"\\\"q\\\\\"", "\"a long string past sixteen bytes with an \\t escape late\"", "{}", "{ }", "[]", "[1]"];
        string[] keys = ["a", "b", "a_b", "x", "_row", "_y", "k\\u00e9", "ключ", "", "sku", "a long member name of many bytes"];
        var value = depth <= 0
            ? Gen.Elements(scalars)
            : Gen.Frequency((6, Gen.Elements(scalars)), (3, Gen.Sized(_ => Objects(depth - 1))));
        var member = Gen.Frequency((12, Gen.Elements(keys.Where(k => k is not ("" or "_row" or "k\\u00e9")).ToArray())), (1, Gen.Elements(keys)))
            .SelectMany(key => value.Select(v => $"\"{key}\":{v}"));
        return Gen.Choose(1, 5).SelectMany(count => member.ListOf(count)).Select(members => "{" + string.Join(",", members) + "}");
    }

    private static byte[] Mutate(Random random, byte[] data)
    {
        const string Bytes = "{}[]\":,\\ \n-+.0159aeEnftu\u0001\u007f";
        if (data.Length == 0)
        {
            return data;
        }

        var at = random.Next(data.Length);
        var replacement = (byte)Bytes[random.Next(Bytes.Length)];
        return random.Next(4) switch
        {
            0 => [.. data[..at], .. data[(at + 1)..]],
            1 => [.. data[..at], replacement, .. data[at..]],
            _ => [.. data[..at], replacement, .. data[(at + 1)..]],
        };
    }

    private static string Describe(Dictionary<(OnePassScan, bool), int> outcomes) =>
        string.Join(", ", outcomes.Select(o => $"{o.Key.Item1}/{o.Key.Item2}: {o.Value}"));

    /// <summary>A scanner, a token reader and the two combined, each with its own name cache, fed the same records.</summary>
    private sealed class Judge(FlattenOptions options)
    {
        private readonly OnePassReader _scanner = new();
        private readonly OnePassReader _tokens = new();
        private readonly OnePassReader _combined = new();

        public (OnePassScan Scan, bool Tokens) Compare(byte[] record)
        {
            var text = Encoding.UTF8.GetString(record);
            var scanned = new RecordingSink(record);
            var read = new RecordingSink(record);
            var combined = new RecordingSink(record);
            var scan = _scanner.TryScan(record, options, scanned, out var scanLineage);
            var tokens = _tokens.TryReadTokens(record, options, read, out var readLineage);
            var both = _combined.TryRead(record, options, combined, out var combinedLineage);
            Assert.True(tokens == both, $"combined {both}, token reader {tokens}: {text}");
            switch (scan)
            {
                case OnePassScan.Read:
                    Assert.True(tokens, $"the scanner read a record the token reader refuses: {text}");
                    Assert.Equal(read.Calls, scanned.Calls);
                    Assert.Equal(readLineage, scanLineage);
                    break;
                case OnePassScan.Declined:
                    Assert.False(tokens, $"the scanner declined a record the token reader takes: {text}");
                    break;
            }

            if (tokens)
            {
                Assert.Equal(read.Calls, combined.Calls);
                Assert.Equal(readLineage, combinedLineage);
            }

            return (scan, tokens);
        }
    }

    /// <summary>Every sink call as text: the column, the value's kind, its bytes and where they lie in the record.</summary>
    private sealed class RecordingSink(byte[] record) : IOnePassValueSink
    {
        public List<string> Calls { get; } = [];

        public void BeginOnePass() => Calls.Clear();

        public void OnePassValue(ColumnSlot column, OnePassValueKind kind, ReadOnlySpan<byte> raw)
        {
            var offset = Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(record), ref MemoryMarshal.GetReference(raw));
            Calls.Add($"{column.Name} {column.Allowed} {kind} @{offset} {Convert.ToHexString(raw)}");
        }

        public void OnePassNull(ColumnSlot column) => Calls.Add($"{column.Name} {column.Allowed} empty object");
    }
}
