using Tributary.Extract.Internal;
using Tributary.Ports;

namespace Tributary.Tests.Extract;

/// <summary>The order in which extract's puts in flight are acknowledged, and which stream positions each ledger line may hold.</summary>
public sealed class PutPipelineTests
{
    [Fact]
    public async Task A_ledger_line_only_holds_positions_of_puts_acknowledged_before_the_next_in_flight_one_started()
    {
        var puts = new List<TaskCompletionSource<PutRecordResultEntry[]>>();
        var lines = new List<PutsAcknowledged>();
        using var pipeline = new PutPipeline(1024, depth: 2, (_, _) =>
        {
            var put = new TaskCompletionSource<PutRecordResultEntry[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            puts.Add(put);
            return put.Task;
        }, lines.Add, new Stack<PutBatch>());
        PutRecordResultEntry[] Results(string shard, params string[] sequences) => [.. sequences.Select(s => new PutRecordResultEntry(shard, s))];

        Fill(pipeline.Filling, 0, 2);
        await pipeline.SendAsync(CancellationToken.None);
        Fill(pipeline.Filling, 2, 3);
        await pipeline.SendAsync(CancellationToken.None);
        Assert.Equal(2, puts.Count);
        Assert.Empty(lines);

        // The third send waits for the first put; the second started before the first was acknowledged, so its
        // records may lie before the first put's positions: the line says "records before 2", with no positions.
        Fill(pipeline.Filling, 5, 1);
        var third = pipeline.SendAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        var first = Results("shard-a", "10", "11");
        puts[0].SetResult(first);
        await third;
        var line = Assert.Single(lines);
        Assert.Equal(2, line.Next);
        Assert.Equal(2, line.Records);
        Assert.Empty(line.Positions);

        var second = Results("shard-b", "20", "21", "22");
        var last = Results("shard-a", "12");
        puts[1].SetResult(second);
        puts[2].SetResult(last);
        await pipeline.CompleteAsync(CancellationToken.None);

        Assert.Equal(2, lines.Count);
        Assert.Equal(6, lines[1].Next);
        Assert.Equal(4, lines[1].Records);
        Assert.Equal([.. first, .. second, .. last], lines[1].Positions);
    }

    [Fact]
    public async Task The_next_file_fills_the_batches_the_last_one_gave_back_and_at_most_depth_plus_one_are_kept()
    {
        var free = new Stack<PutBatch>();
        var used = new HashSet<PutBatch>();
        Task<PutRecordResultEntry[]> Put(PutBatch batch, CancellationToken _)
        {
            used.Add(batch);
            return Task.FromResult<PutRecordResultEntry[]>([.. Enumerable.Range(0, batch.Count).Select(i => new PutRecordResultEntry("s", $"{i}"))]);
        }

        using (var file = new PutPipeline(1024, depth: 2, Put, _ => { }, free))
        {
            for (var i = 0; i < 5; i++)
            {
                Fill(file.Filling, i, 1);
                await file.SendAsync(CancellationToken.None);
            }

            await file.CompleteAsync(CancellationToken.None);
        }

        Assert.InRange(free.Count, 1, 3);
        var kept = free.ToHashSet();
        using var next = new PutPipeline(1024, depth: 2, Put, _ => { }, free);
        Assert.Contains(next.Filling, kept);
        Assert.Equal(0, next.Filling.Count);
        Assert.Equal(0, next.Filling.Buffer.WrittenCount);
    }

    [Fact]
    public async Task A_failed_put_fails_the_wait_and_nothing_after_it_is_acknowledged()
    {
        var lines = new List<PutsAcknowledged>();
        var calls = 0;
        using var pipeline = new PutPipeline(1024, depth: 2, (batch, _) =>
            ++calls == 2
                ? Task.FromException<PutRecordResultEntry[]>(new IOException("put 2 failed"))
                : Task.FromResult<PutRecordResultEntry[]>([.. Enumerable.Range(0, batch.Count).Select(i => new PutRecordResultEntry("s", $"{calls}{i}"))]), lines.Add, new Stack<PutBatch>());

        for (var i = 0; i < 3; i++)
        {
            Fill(pipeline.Filling, i * 2, 2);
            if (i < 2)
            {
                await pipeline.SendAsync(CancellationToken.None);
            }
        }

        await Assert.ThrowsAsync<IOException>(() => pipeline.CompleteAsync(CancellationToken.None));
        Assert.DoesNotContain(lines, l => l.Next > 2);
        await pipeline.AbandonAsync();
    }

    private static void Fill(PutBatch batch, long firstIndex, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var start = batch.Buffer.WrittenCount;
            batch.Buffer.GetSpan(4)[..4].Fill((byte)'x');
            batch.Buffer.Advance(4);
            batch.Add(start, "k", firstIndex + i);
        }
    }
}
