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
}
