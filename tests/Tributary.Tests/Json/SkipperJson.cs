using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Tributary.Internal.Json;

namespace Tributary.Tests.Json;

/// <summary>
/// JSON text for differential tests of <see cref="JsonSkipper"/> against <see cref="Utf8JsonReader"/>: values with
/// every kind of token, escape and number form, whitespace (line breaks included) between tokens, and mutations that
/// break them in the ways that matter.
/// </summary>
internal static class SkipperJson
{
    private static readonly string[] Numbers =
    [
        "0", "-0", "7", "-12", "3.25", "-0.5", "1e5", "1E-7", "2.5e+10", "-9.75E3", "123456789012345678901234567890", "0.000001",
    ];

    private static readonly string[] Strings =
    [
        "\"\"", "\"a\"", "\"North America \"", "\"é日本\"", "\"\\\"\"", "\"\\\\\"", "\"\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u00E9\"",
        "\"\\ud800\"", "\"\\uDBFF\\uDFFF\"", "\"a long string value with spaces, commas, colons: and } braces ] inside it\"", "\"" + new string('x', 150) + "\\n" + new string('y', 40) + "\"", "\"\u007f\"",
    ];

    private static readonly string[] Whitespace = ["", "", "", " ", "  ", "\n", "\r\n", "\t", " \n  "];

    /// <summary>Bytes a mutation puts in: structure, number parts, escapes, control bytes and bytes that are not ASCII.</summary>
    private static readonly byte[] Interesting =
    [
        (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'0', (byte)'1', (byte)'.',
        (byte)'e', (byte)'-', (byte)'+', (byte)'u', (byte)'x', (byte)'t', (byte)'n', (byte)' ', (byte)'\n', (byte)'/',
        0x00, 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xFF,
    ];

    private static readonly string[] Breakers =
    [
        "01", "1.", "-", "1e", "1e+", ".5", "+1", "1.e3", "-a", "00", "tru", "nul", "falsey", "True", "NULL", "\"\\x\"", "\"\\u12\"",
        "\"\\u12G4\"", "\"a\tb\"", "\"a\nb\"", "\"\u0001\"", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{1:2}", "[1 2]", "/*c*/1",
        "'a'", "{,}", "[,1]", "]", "}",
    ];

    /// <summary>An object (the shape of a record) holding values up to <paramref name="depth"/> deep.</summary>
    public static Gen<string> Objects(int depth) =>
        Gen.Choose(0, 5).SelectMany(count => Member(depth).ListOf(count)).SelectMany(members =>
            Gen.Elements(Whitespace).Select(ws => "{" + ws + string.Join(",", members) + ws + "}"));

    /// <summary>Any value up to <paramref name="depth"/> deep.</summary>
    public static Gen<string> Values(int depth) => depth <= 0
        ? Scalars()
        : Gen.Frequency(
            (4, Scalars()),
            (2, Gen.Sized(_ => Objects(depth - 1))),
            (2, Gen.Choose(0, 4).SelectMany(n => Values(depth - 1).ListOf(n)).SelectMany(items =>
                Gen.Elements(Whitespace).Select(ws => "[" + ws + string.Join("," + ws, items) + "]"))));

    /// <summary>A valid value with one mutation, which may or may not leave it valid.</summary>
    public static Gen<byte[]> Mutated(Gen<string> valid) =>
        valid.Select(Encoding.UTF8.GetBytes).SelectMany(bytes =>
            Gen.Choose(0, Math.Max(0, bytes.Length - 1)).SelectMany(at =>
                Gen.Choose(0, 4).SelectMany(kind =>
                    Gen.Elements(Interesting).SelectMany(b =>
                        Gen.Elements(Breakers).Select(breaker => Mutate(bytes, at, kind, b, breaker))))));

    /// <summary>A value nested <paramref name="levels"/> deep in alternating objects and arrays.</summary>
    public static string Nested(int levels)
    {
        var text = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            text.Append(i % 2 == 0 ? "{\"k\":" : "[");
        }

        text.Append('1');
        for (var i = levels - 1; i >= 0; i--)
        {
            text.Append(i % 2 == 0 ? '}' : ']');
        }

        return text.ToString();
    }

    /// <summary>The reader's verdict on the first value in <paramref name="data"/> (with the data final): valid and where it ends, or invalid.</summary>
    public static (bool Valid, int End) Reader(ReadOnlySpan<byte> data, int maxDepth)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth, AllowMultipleValues = true }));
        try
        {
            if (!reader.Read())
            {
                return (false, -1);
            }

            reader.Skip();
            return (true, (int)reader.BytesConsumed);
        }
        catch (JsonException)
        {
            return (false, -1);
        }
    }

    /// <summary>The skipper's verdict on the first value in <paramref name="data"/>, in one run.</summary>
    public static (SkipOutcome Outcome, JsonSkipState State) Skipper(ReadOnlySpan<byte> data, int maxDepth)
    {
        var state = JsonSkipState.AtValue(0, 0);
        var outcome = JsonSkipper.Skip(data, ref state, maxDepth);
        return (outcome, state);
    }

    private static Gen<string> Scalars() => Gen.Frequency(
        (3, Gen.Elements(Numbers)),
        (4, Gen.Elements(Strings)),
        (1, Gen.Elements("true", "false", "null")));

    private static Gen<string> Member(int depth) =>
        Gen.Elements(Strings).SelectMany(name => Values(depth).SelectMany(value =>
            Gen.Elements(Whitespace).Select(ws => ws + name + ws + ":" + ws + value + ws)));

    private static byte[] Mutate(byte[] bytes, int at, int kind, byte b, string breaker)
    {
        var list = bytes.ToList();
        switch (kind)
        {
            case 0 when list.Count > 0:
                list[at] = b;
                break;
            case 1:
                list.Insert(at, b);
                break;
            case 2:
                list.RemoveRange(at, list.Count - at);
                break;
            case 3:
                list.InsertRange(at, Encoding.UTF8.GetBytes(breaker));
                break;
            default:
                if (list.Count > 0)
                {
                    list.RemoveAt(at);
                }

                break;
        }

        return [.. list];
    }
}
