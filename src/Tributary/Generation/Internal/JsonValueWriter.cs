using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tributary.Generation.Internal;

/// <summary>
/// Writes one generated value as a JSON token straight into a byte span: the hot path of the generator, which
/// writes hundreds of thousands of records per second. Strings are escaped only when they need it.
/// </summary>
internal static class JsonValueWriter
{
    // Bytes that may not appear raw inside a JSON string.
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    /// <summary>An upper bound of the bytes <see cref="Write"/> produces for <paramref name="value"/>.</summary>
    public static int MaxLength(FieldValue value) => value.Kind == FieldKind.Text
        ? (value.Item is { } item ? item.QuotedJson.Length : (value.TextLength * 6) + 2)
        : 48;

    public static int Write(FieldValue value, Span<byte> destination)
    {
        switch (value.Kind)
        {
            case FieldKind.Integer:
                Utf8Formatter.TryFormat(value.Integer, destination, out var written);
                return written;
            case FieldKind.Decimal:
                return WriteDecimal(value.Decimal, destination);
            case FieldKind.Text:
                if (value.Item is { } item)
                {
                    item.QuotedJson.CopyTo(destination);
                    return item.QuotedJson.Length;
                }

                return WriteString(value.Text, destination);
            default:
                "null"u8.CopyTo(destination);
                return 4;
        }
    }

    private static int WriteString(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        int length;
        if (text.IndexOfAny(NeedsEscape) < 0)
        {
            text.CopyTo(destination[1..]);
            length = text.Length;
        }
        else
        {
            var encoded = JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
            encoded.CopyTo(destination[1..]);
            length = encoded.Length;
        }

        destination[length + 1] = (byte)'"';
        return length + 2;
    }

    // decimal keeps its scale (12.50 is written 12.50), which is how a column with "decimals": 2 stays at 2 decimals.
    private static int WriteDecimal(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] != 0 || scale > 18)
        {
            value.TryFormat(destination, out var slow, default, CultureInfo.InvariantCulture);
            return slow;
        }

        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var length = 0;
        if (bits[3] < 0)
        {
            destination[length++] = (byte)'-';
        }

        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(mantissa, digits, out var count);
        if (scale == 0)
        {
            digits[..count].CopyTo(destination[length..]);
            return length + count;
        }

        if (count <= scale)
        {
            // 5 with scale 2 is 0.05.
            "0."u8.CopyTo(destination[length..]);
            length += 2;
            for (var i = count; i < scale; i++)
            {
                destination[length++] = (byte)'0';
            }

            digits[..count].CopyTo(destination[length..]);
            return length + count;
        }

        var integerDigits = count - scale;
        digits[..integerDigits].CopyTo(destination[length..]);
        length += integerDigits;
        destination[length++] = (byte)'.';
        digits[integerDigits..count].CopyTo(destination[length..]);
        return length + scale;
    }
}
