using Tributary.Ports;

namespace Tributary.TestSupport;

/// <summary>
/// A real record stream that dies right after its N-th put was acknowledged: the records are on the stream, but the
/// caller never learns it, as when a Lambda invocation is killed between a PutRecords response and its ledger write.
/// </summary>
internal sealed class CrashingRecordStream(IRecordStream inner, int putsBeforeCrash) : IRecordStream
{
    private int _puts;

    public string Name => inner.Name;

    public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

    public async Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
    {
        var result = await inner.PutRecordsAsync(entries, cancellationToken);
        if (Interlocked.Increment(ref _puts) >= putsBeforeCrash)
        {
            throw new IOException($"simulated crash after put {putsBeforeCrash}");
        }

        return result;
    }

    public Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default) =>
        inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken);
}
