using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tributary.Delta.Internal;

/// <summary>
/// The <c>_last_checkpoint</c> checksum: MD5 of a canonical form where every leaf becomes
/// <c>"key"+"key"+index=value</c>, strings and keys percent-encoded, pairs sorted by the UTF-8 bytes of their path
/// and joined by commas; the top-level <c>checksum</c> key is left out.
/// </summary>
internal static class JsonChecksum
{
    public static string Compute(JsonElement root)
    {
        var pairs = new List<(string Path, string Value)>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "checksum")
            {
                Flatten(Quote(property.Name), property.Value, pairs);
            }
        }

        pairs.Sort(static (a, b) => Encoding.UTF8.GetBytes(a.Path).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b.Path)));
        var canonical = string.Join(',', pairs.Select(p => $"{p.Path}={p.Value}"));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static void Flatten(string path, JsonElement value, List<(string, string)> pairs)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Flatten($"{path}+{Quote(property.Name)}", property.Value, pairs);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Flatten($"{path}+{index++}", item, pairs);
                }

                break;
            case JsonValueKind.String:
                pairs.Add((path, Quote(value.GetString()!)));
                break;
            default:
                pairs.Add((path, value.GetRawText()));
                break;
        }
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.Append('"').ToString();
    }
}
