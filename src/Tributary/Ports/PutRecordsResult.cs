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
public sealed record PutRecordResultEntry(string? ShardId, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null);
