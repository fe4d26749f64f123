using Tributary.Streaming.Internal;

namespace Tributary.Ports;

/// <summary>The outcome of <see cref="IRecordStream.PutRecordsAsync"/>: one result per entry, in request order.</summary>
/// <param name="Records">Per-entry results.</param>
public sealed record PutRecordsResult(IReadOnlyList<PutRecordResultEntry> Records)
{
    /// <summary>How many entries failed and must be retried.</summary>
    public int FailedRecordCount => Records.Count(r => r.ErrorCode is not null);
}

/// <summary>The result of one entry of a put: a shard and sequence number, or an error.</summary>
/// <param name="ShardId">The shard the record went to, when it succeeded.</param>
/// <param name="SequenceNumber">The record's sequence number, when it succeeded.</param>
/// <param name="ErrorCode">The error code (for example <c>ProvisionedThroughputExceededException</c>), when it failed.</param>
/// <param name="ErrorMessage">A description of the error, when it failed.</param>
public sealed record PutRecordResultEntry(string? ShardId, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null)
{
    // The embedded stream's results carry the sequence as a number and make the string only when it is asked for:
    // extract only compares them to find each shard's furthest record.
    private readonly long _localSequence;
    private string? _sequenceNumber = SequenceNumber;

    /// <summary>A success of the embedded stream, whose sequence number is a counter written as 20 digits.</summary>
    internal PutRecordResultEntry(string shardId, long localSequence)
        : this(shardId, null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(localSequence);
        _localSequence = localSequence;
    }

    /// <summary>The record's sequence number, when it succeeded.</summary>
    public string? SequenceNumber
    {
        get => _sequenceNumber ??= _localSequence > 0 ? SequenceNumbers.Format(_localSequence) : null;
        init
        {
            _sequenceNumber = value;
            _localSequence = 0;
        }
    }

    /// <summary>Whether the entry has a sequence number (without making its string).</summary>
    internal bool HasSequenceNumber => _localSequence > 0 || _sequenceNumber is not null;

    /// <inheritdoc />
    public bool Equals(PutRecordResultEntry? other) =>
        other is not null
        && string.Equals(ShardId, other.ShardId, StringComparison.Ordinal)
        && string.Equals(SequenceNumber, other.SequenceNumber, StringComparison.Ordinal)
        && string.Equals(ErrorCode, other.ErrorCode, StringComparison.Ordinal)
        && string.Equals(ErrorMessage, other.ErrorMessage, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ShardId, SequenceNumber, ErrorCode, ErrorMessage);

    /// <summary>Orders two successes of one shard by sequence number: as numbers when both are the embedded stream's.</summary>
    internal static int CompareSequence(PutRecordResultEntry a, PutRecordResultEntry b) =>
        a._localSequence > 0 && b._localSequence > 0
            ? a._localSequence.CompareTo(b._localSequence)
            : Extract.ExtractLedger.CompareSequence(a.SequenceNumber!, b.SequenceNumber!);
}
