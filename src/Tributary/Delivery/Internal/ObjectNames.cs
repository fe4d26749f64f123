using System.Globalization;
using System.Security.Cryptography;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Firehose's S3 object naming: <c>&lt;prefix&gt;YYYY/MM/DD/HH/&lt;stream&gt;-&lt;version&gt;-YYYY-MM-DD-HH-mm-ss-&lt;id&gt;</c>
/// in UTC, where Tributary's id is a hash of the content so that a replay writes the same key.
/// </summary>
internal static class ObjectNames
{
    public static string Build(string prefix, string streamName, int streamVersion, DateTimeOffset time, string id, string extension)
    {
        var utc = time.UtcDateTime;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{prefix}{utc:yyyy'/'MM'/'dd'/'HH}/{streamName}-{streamVersion}-{utc:yyyy'-'MM'-'dd'-'HH'-'mm'-'ss}-{id}{extension}");
    }

    /// <summary>A 32-hex-digit id from the SHA-256 of the given parts, each length-prefixed.</summary>
    public static string ContentId(IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var part in parts)
        {
            BitConverter.TryWriteBytes(length, (long)part.Length);
            hash.AppendData(length);
            hash.AppendData(part.Span);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
