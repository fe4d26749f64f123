using System.Globalization;

namespace Tributary.Streaming.Internal;

/// <summary>
/// Sequence numbers of the embedded stream: a per-shard counter from 1, written as 20 zero-padded decimal digits so
/// that ordinal string order is numeric order, as Kinesis sequence numbers (decimal strings) compare.
/// </summary>
internal static class SequenceNumbers
{
    public static string Format(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    public static long Parse(string sequenceNumber, string shardId)
    {
        if (sequenceNumber.Length == 0 || !long.TryParse(sequenceNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"'{sequenceNumber}' is not a sequence number of shard {shardId} (expected a decimal string).", nameof(sequenceNumber));
        }

        return value;
    }
}
