using Tributary.Streaming.Internal;

namespace Tributary.Ports;

/// <summary>A record read from a shard of an <see cref="IRecordStream"/>.</summary>
/// <param name="ShardId">The shard it was read from.</param>
/// <param name="SequenceNumber">Its sequence number: a decimal string, increasing within the shard.</param>
/// <param name="PartitionKey">The partition key it was put with.</param>
/// <param name="Data">The record's bytes.</param>
/// <param name="ApproximateArrivalTimestamp">When the stream accepted it.</param>
public sealed record StreamRecord(
    string ShardId,
    string SequenceNumber,
    string PartitionKey,
    ReadOnlyMemory<byte> Data,
    DateTimeOffset ApproximateArrivalTimestamp)
{
    // The embedded stream's records carry their sequence as a number and make the string only when it is asked for:
    // most records are archived and forwarded without it.
    private readonly long _localSequence;
    private string? _sequenceNumber = SequenceNumber;

    /// <summary>A record of the embedded stream, whose sequence number is a counter written as 20 digits.</summary>
    internal StreamRecord(string shardId, long localSequence, string partitionKey, ReadOnlyMemory<byte> data, DateTimeOffset approximateArrivalTimestamp)
        : this(shardId, null!, partitionKey, data, approximateArrivalTimestamp)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(localSequence);
        _localSequence = localSequence;
    }

    /// <summary>Its sequence number: a decimal string, increasing within the shard.</summary>
    public string SequenceNumber
    {
        get => _sequenceNumber ??= _localSequence > 0 ? SequenceNumbers.Format(_localSequence) : null!;
        init
        {
            _sequenceNumber = value;
            _localSequence = 0;
        }
    }

    /// <summary>The embedded stream's sequence counter, or 0 when the sequence number is only a string.</summary>
    internal long LocalSequence => _localSequence;

    /// <inheritdoc />
    public bool Equals(StreamRecord? other) =>
        other is not null
        && string.Equals(ShardId, other.ShardId, StringComparison.Ordinal)
        && string.Equals(SequenceNumber, other.SequenceNumber, StringComparison.Ordinal)
        && string.Equals(PartitionKey, other.PartitionKey, StringComparison.Ordinal)
        && Data.Equals(other.Data)
        && ApproximateArrivalTimestamp.Equals(other.ApproximateArrivalTimestamp);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ShardId, SequenceNumber, PartitionKey, Data, ApproximateArrivalTimestamp);
}
