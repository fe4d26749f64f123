using System.Globalization;

namespace Tributary.Delivery.Internal;

/// <summary>A record waiting in the delivery stream's buffer.</summary>
/// <param name="Id">The number it carries through transformation (its record id, written as 20 digits).</param>
/// <param name="Data">A private copy of its bytes, in the buffer's pinned memory (see <see cref="RecordMemory"/>).</param>
/// <param name="ArrivalMilliseconds">When the delivery stream accepted it, in epoch milliseconds.</param>
/// <param name="Position">Its shard and sequence number in the record stream, when its envelope carries them.</param>
internal readonly record struct BufferedRecord(long Id, ReadOnlyMemory<byte> Data, long ArrivalMilliseconds, StreamPosition? Position = null)
{
    /// <summary>The record id a transformation event carries: made only for a remote transform or an error message.</summary>
    public string RecordId => Id.ToString("D20", CultureInfo.InvariantCulture);
}
