using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tributary.Generation.Internal;

/// <summary>A list value encoded once: its UTF-8 bytes (for templates and rules) and its escaped JSON form.</summary>
internal sealed class EncodedItem
{
    public EncodedItem(string value)
    {
        Value = value;
        Utf8 = Encoding.UTF8.GetBytes(value);
        Json = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        QuotedJson = [(byte)'"', .. Json.EncodedUtf8Bytes, (byte)'"'];
    }

    public string Value { get; }

    public byte[] Utf8 { get; }

    public JsonEncodedText Json { get; }

    /// <summary>The JSON string token, quotes included, ready to copy into a record.</summary>
    public byte[] QuotedJson { get; }

    public static EncodedItem[] From(IEnumerable<string> values) => values.Select(v => new EncodedItem(v)).ToArray();
}
