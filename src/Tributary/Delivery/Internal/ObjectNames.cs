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
    /// A 32-hex-digit id of delivered records, in order (SHA-256): the same records give the same id, at a fraction of
    /// the cost of hashing every byte. A record with a stream position contributes that position (unique to it, since
    /// the delivery stream accepts each position once) with its length and CRC-32C; a record without one (a bare
    /// object) contributes all its bytes, so two different deliveries cannot share a name short of a SHA-256 collision.
    /// </summary>
    public static string RecordsId(IEnumerable<BufferedRecord> records)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> entry = stackalloc byte[21];
        string? shard = null;
        foreach (var record in records)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry, record.Data.Length);
            if (record.Position is { } at)
            {
                if (!ReferenceEquals(at.Shard, shard) && at.Shard != shard)
                {
                    // Shard ids are written when they change; the marker byte keeps them apart from the entries.
                    shard = at.Shard;
                    hash.AppendData("\u0002"u8);
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes(shard + "\n"));
                }

                entry[8] = 1;
                BinaryPrimitives.WriteInt64LittleEndian(entry[9..], at.Sequence);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[17..], Crc32C.Compute(record.Data.Span));
                hash.AppendData(entry);
            }
            else
            {
                entry[8] = 0;
                hash.AppendData(entry[..9]);
                hash.AppendData(record.Data.Span);
            }
        }

        return Digest(hash);
    }

    private static string Digest(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
