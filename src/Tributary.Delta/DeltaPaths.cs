using System.Text;

namespace Tributary.Delta;

/// <summary>
/// Converts between the URI-encoded paths stored in <c>add.path</c>/<c>remove.path</c> and storage paths, the way
/// Spark does (<c>new Path(relative).toUri().toString()</c>): space becomes <c>%20</c>, <c>%</c> becomes <c>%25</c>,
/// while <c>+</c>, <c>@</c>, <c>=</c> and non-ASCII characters stay literal.
/// </summary>
public static class DeltaPaths
{
    /// <summary>URI-decodes a log path once, to the file's path relative to the table root. <c>+</c> stays a plus,
    /// raw non-ASCII is kept, and a <c>%</c> that starts no valid escape is kept as is.</summary>
    public static string Decode(string logPath)
    {
        ArgumentNullException.ThrowIfNull(logPath);
        return logPath.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(logPath) : logPath;
    }

    /// <summary>URI-encodes a storage path relative to the table root for <c>add.path</c>.</summary>
    public static string Encode(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        StringBuilder? builder = null;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < relativePath.Length; i++)
        {
            var c = relativePath[i];
            if (IsLiteral(c))
            {
                builder?.Append(c);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < relativePath.Length && char.IsLowSurrogate(relativePath[i + 1]))
            {
                // A supplementary character (emoji) is "other" to java.net.URI and stays literal.
                builder?.Append(c).Append(relativePath[i + 1]);
                i++;
                continue;
            }

            builder ??= new StringBuilder(relativePath.Length + 16).Append(relativePath, 0, i);
            var length = Encoding.UTF8.GetBytes(relativePath.AsSpan(i, 1), utf8);
            for (var b = 0; b < length; b++)
            {
                builder.Append('%').Append(HexUpper[utf8[b] >> 4]).Append(HexUpper[utf8[b] & 0xF]);
            }
        }

        return builder?.ToString() ?? relativePath;
    }

    /// <summary>The key under which log replay matches adds and removes: the decoded path, with a <c>file:</c>
    /// scheme dropped so that <c>file:/a/b</c>, <c>file:///a/b</c> and <c>/a/b</c> name the same file.</summary>
    public static string CanonicalKey(string logPath)
    {
        var decoded = Decode(logPath);
        if (decoded.StartsWith("file:", StringComparison.Ordinal))
        {
            decoded = decoded.StartsWith("file://", StringComparison.Ordinal) ? decoded[7..] : decoded[5..];
        }

        return decoded;
    }

    /// <summary>
    /// The Hive-style folder of one partition value, as Spark names it: <c>column=value</c> with Hive's path
    /// escaping, and <c>__HIVE_DEFAULT_PARTITION__</c> for null. <paramref name="value"/> is the
    /// <c>partitionValues</c> string.
    /// </summary>
    public static string PartitionFolder(string column, string? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Internal.Data.PartitionValues.DirectoryName(column, string.IsNullOrEmpty(value) ? null : value);
    }

    private const string HexUpper = "0123456789ABCDEF";

    // java.net.URI keeps unreserved, punctuation, '/', '@' and "other" (non-ASCII, non-control, non-space) characters.
    private static bool IsLiteral(char c) =>
        char.IsAsciiLetterOrDigit(c)
        || "-_.!~*'(),;:$&+=/@".Contains(c, StringComparison.Ordinal)
        || (c > 0x7F && !char.IsControl(c) && !char.IsWhiteSpace(c) && !char.IsSurrogate(c));
}
