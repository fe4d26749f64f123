using Tributary.Aws.Lambda.Internal;
using Tributary.Ports;

namespace Tributary.Aws.Tests.Lambda;

/// <summary>
/// Kinesis may answer GetRecords with empty pages before the records further on (kinesalite never does, so the
/// shard here is scripted): the extract function's recovery must read through them, not stop.
/// </summary>
public sealed class CatchUpRecordStreamTests
{
    private sealed class SparseShard(params GetRecordsResult[] pages) : IRecordStream
    {
        private int _next;

        public int Reads => _next;

        public string Name => "sparse";

        public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>(["shardId-000000000000"]);

        public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult(pages[Math.Min(_next++, pages.Length - 1)]);
    }

    private static readonly StreamRecord Record = new("shardId-000000000000", "49590001", "k", new byte[] { (byte)'{', (byte)'}' }, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task EmptyPagesBehindTheTip_AreReadThrough_AndATipPageEndsAtOnce()
    {
        var shard = new SparseShard(new GetRecordsResult([], 5000), new GetRecordsResult([], 4000), new GetRecordsResult([Record], 0), new GetRecordsResult([], 0));
        var stream = new CatchUpRecordStream(shard);

        var first = await stream.GetRecordsAsync("shardId-000000000000", null, 100);
        Assert.Equal([Record], first.Records);
        Assert.Equal(3, shard.Reads);

        var tip = await stream.GetRecordsAsync("shardId-000000000000", "49590001", 100);
        Assert.Empty(tip.Records);
        Assert.Equal(4, shard.Reads);
    }

    [Fact]
    public async Task EmptyReadsAreBounded()
    {
        var shard = new SparseShard(new GetRecordsResult([], 5000));
        var page = await new CatchUpRecordStream(shard, maxEmptyReads: 3).GetRecordsAsync("shardId-000000000000", null, 100);
        Assert.Empty(page.Records);
        Assert.Equal(4, shard.Reads);
    }
}
