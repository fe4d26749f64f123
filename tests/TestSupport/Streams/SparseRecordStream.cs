using System.Collections.Concurrent;
using Tributary.Ports;

namespace Tributary.TestSupport;

/// <summary>
/// A record stream read the way Kinesis reads a sparse shard: before each page that holds records, GetRecords first
/// answers <paramref name="emptyPagesBeforeData"/> empty pages with <c>MillisBehindLatest</c> above zero. Kinesis
/// does this when the part of the shard an iterator points at holds no records (gaps in time, trimmed data): the
/// answer is an empty list and a NextShardIterator further on, and only at the tip is an empty answer paired with
/// <c>MillisBehindLatest</c> 0. The records and their order are unchanged; reaching them just takes more calls. On
/// the port, asking again after the same sequence number is what following NextShardIterator is (the Kinesis
/// adapter keeps each position's next iterator), so a reader that stops at the first empty page misses records
/// here exactly as it would on Kinesis.
/// </summary>
internal sealed class SparseRecordStream(IRecordStream inner, int emptyPagesBeforeData = 3) : IRecordStream
{
    private readonly ConcurrentDictionary<(string Shard, string After), int> _emptyServed = new();
    private int _reads;
    private int _emptyReads;

    /// <summary>All GetRecords calls answered.</summary>
    public int Reads => _reads;

    /// <summary>The empty pages answered while records lay further on.</summary>
    public int EmptyReadsBeforeData => _emptyReads;

    public string Name => inner.Name;

    public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

    public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default) =>
        inner.PutRecordsAsync(entries, cancellationToken);

    public async Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        var page = await inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken).ConfigureAwait(false);
        if (page.Records.Count == 0)
        {
            return page;
        }

        var position = (shardId, afterSequenceNumber ?? "");
        var served = _emptyServed.GetOrAdd(position, 0);
        if (served >= emptyPagesBeforeData)
        {
            return page;
        }

        _emptyServed[position] = served + 1;
        Interlocked.Increment(ref _emptyReads);

        // Behind the tip by at least the age of the first record still ahead, and never 0, which would mean "caught up".
        var behind = Math.Max(1, (long)(DateTimeOffset.UtcNow - page.Records[0].ApproximateArrivalTimestamp).TotalMilliseconds);
        return new GetRecordsResult([], behind);
    }
}
