namespace Tributary.Delivery.Internal;

/// <summary>A record waiting in the delivery stream's buffer.</summary>
/// <param name="RecordId">The id it carries through transformation.</param>
/// <param name="Data">A private copy of its bytes.</param>
/// <param name="ArrivalMilliseconds">When the delivery stream accepted it, in epoch milliseconds.</param>
/// <param name="Position">Its shard and sequence number in the record stream, when its envelope carries them.</param>
internal sealed record BufferedRecord(string RecordId, byte[] Data, long ArrivalMilliseconds, StreamPosition? Position = null);
