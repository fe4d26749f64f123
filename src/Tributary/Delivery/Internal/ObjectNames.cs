using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Tributary.Streaming.Internal;

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

        return Digest(hash);
    }

    /// <summary>
    /// A 32-hex-digit id from the length and CRC-32C of each record, in order (SHA-256 of those): the same records give
    /// the same id, at a fraction of the cost of hashing every byte with SHA-256.
    /// </summary>
    public static string RecordsId(IEnumerable<ReadOnlyMemory<byte>> records)
    {
        const int EntryBytes = 12;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> entries = stackalloc byte[EntryBytes * 256];
        var used = 0;
        foreach (var record in records)
        {
            if (used == entries.Length)
            {
                hash.AppendData(entries);
                used = 0;
            }

            BinaryPrimitives.WriteInt64LittleEndian(entries[used..], record.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entries[(used + 8)..], Crc32C.Compute(record.Span));
            used += EntryBytes;
        }

        hash.AppendData(entries[..used]);
        return Digest(hash);
    }

    private static string Digest(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
