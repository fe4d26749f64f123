using System.Security.Cryptography;
using System.Text;

namespace Tributary.Process.Internal;

/// <summary>
/// Escapes a value as Hive escapes partition values (<c>%XX</c> for control characters and
/// <c>"#%'*/:=?\{[]^</c> and DEL), so no value can add a path segment or climb out of its prefix. Missing values are
/// <c>__HIVE_DEFAULT_PARTITION__</c>; a value that would be <c>.</c> or <c>..</c> has its dots escaped; a very long
/// value is cut and given a hash suffix so the segment stays a valid file name.
/// </summary>
internal static class HivePartitionValue
{
    public const string Default = "__HIVE_DEFAULT_PARTITION__";
    private const int MaxBytes = 200;

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Default;
        }

        if (value is "." or "..")
        {
            return value.Replace(".", "%2E", StringComparison.Ordinal);
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        var escaped = builder.ToString();
        if (Encoding.UTF8.GetByteCount(escaped) <= MaxBytes)
        {
            return escaped;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        var cut = escaped[..Math.Min(escaped.Length, 100)];
        if (char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        return cut + "~" + hash;
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c == '\x7F' || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^';
}
