using Tributary.Ports;
using Tributary.Streaming.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Extract;

/// <summary>
/// The stage's crash recovery on a stream that answers empty pages before the tip, as Kinesis does on a sparse shard.
/// </summary>
public sealed class ExtractRecoveryTests
{
    private static string Array(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"{{\"i\":{i}}}")) + "]";

    [Fact]
    public async Task Recovery_reads_through_empty_pages_to_the_tip_and_puts_nothing_twice()
    {
        using var fx = new ExtractFixture();
        fx.Options.RecordsPerPut = 10;
        await fx.PutAsync("source/a.json", Array(95));

        await Assert.ThrowsAsync<IOException>(() => fx.RunAsync(new CrashingRecordStream(fx.Stream, 3)));
        Assert.Equal(30, (await fx.ReadStreamAsync()).Count);

        var sparse = new SparseRecordStream(fx.Stream, emptyPagesBeforeData: 5);
        var summary = await fx.RunAsync(sparse);

        Assert.True(sparse.EmptyReadsBeforeData >= 5);
        Assert.Equal(10, summary.RecoveredRecords);
        Assert.Equal(65, summary.Records);
        var indexes = (await fx.ReadStreamAsync()).Select(e => e.Envelope.Index!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 95).Select(i => (long)i), indexes);
    }

    [Fact]
    public async Task A_failure_with_puts_in_flight_is_recovered_without_duplicates_or_losses()
    {
        using var fx = new ExtractFixture();
        fx.Options.RecordsPerPut = 10;
        fx.Options.PutsInFlight = 4;
        await fx.PutAsync("source/a.json", Array(95));

        // Put 3 fails after its records landed, while later puts are already in flight and land too.
        var failing = new FailingInFlightStream(fx.Stream, failPut: 3);
        await Assert.ThrowsAsync<IOException>(() => fx.RunAsync(failing));
        Assert.True(failing.Puts > 3, $"only {failing.Puts} puts were started");
        var landed = (await fx.ReadStreamAsync()).Count;
        Assert.Equal(failing.Puts * 10, landed);

        var summary = await fx.RunAsync();

        Assert.True(summary.RecoveredRecords >= 10, $"recovered {summary.RecoveredRecords}");
        Assert.Equal(95 - landed, summary.Records);
        var indexes = (await fx.ReadStreamAsync()).Select(e => e.Envelope.Index!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 95).Select(i => (long)i), indexes);
    }

    [Fact]
    public async Task Too_many_empty_pages_in_a_row_fail_the_run_with_the_shard_and_the_setting_and_put_nothing()
    {
        using var fx = new ExtractFixture(shards: 1);
        fx.Options.RecordsPerPut = 10;
        await fx.PutAsync("source/a.json", Array(40));
        await Assert.ThrowsAsync<IOException>(() => fx.RunAsync(new CrashingRecordStream(fx.Stream, 2)));

        fx.Options.RecoveryMaxEmptyReads = 3;
        var error = await Assert.ThrowsAsync<IOException>(() => fx.RunAsync(new SparseRecordStream(fx.Stream, emptyPagesBeforeData: 4)));

        Assert.Contains("shardId-000000000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("Extract:RecoveryMaxEmptyReads", error.Message, StringComparison.Ordinal);
        Assert.Equal(20, (await fx.ReadStreamAsync()).Count);

        fx.Options.RecoveryMaxEmptyReads = 4;
        var summary = await fx.RunAsync(new SparseRecordStream(fx.Stream, emptyPagesBeforeData: 4));
        Assert.Equal(20, summary.Records);
        Assert.Equal(40, (await fx.ReadStreamAsync()).Count);
    }

    /// <summary>Passes puts to the embedded stream in call order and fails the n-th one after its records landed.</summary>
    private sealed class FailingInFlightStream(IRecordStream inner, int failPut) : IRecordStream, IPutsInCallOrder
    {
        public int Puts { get; private set; }

        public string Name => inner.Name;

        public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

        public Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default) =>
            inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken);

        public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
        {
            var put = inner.PutRecordsAsync(entries, cancellationToken);
            return ++Puts == failPut ? FailAfterAsync(put) : put;
        }

        private static async Task<PutRecordsResult> FailAfterAsync(Task<PutRecordsResult> put)
        {
            await put;
            throw new IOException("simulated failure of an acknowledged put");
        }
    }
}
