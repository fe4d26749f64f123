using Tributary.Ports;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// The record stream as the extract stage's crash recovery should read it from Kinesis: GetRecords may answer with
/// an empty page while records remain further on (Kinesis documents this for sparse or trimmed shards), and the
/// stage takes an empty page for the end of the shard. Here an empty page is returned only when the shard is caught
/// up (<c>MillisBehindLatest</c> is 0) or after a bounded number of empty reads.
/// </summary>
internal sealed class CatchUpRecordStream(IRecordStream inner, int maxEmptyReads = 50) : IRecordStream
{
    public string Name => inner.Name;

    public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

    public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default) =>
        inner.PutRecordsAsync(entries, cancellationToken);

    public async Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default)
    {
        for (var empty = 0; ; empty++)
        {
            var page = await inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken).ConfigureAwait(false);
            if (page.Records.Count > 0 || page.MillisBehindLatest <= 0 || empty >= maxEmptyReads)
            {
                return page;
            }
        }
    }
}
