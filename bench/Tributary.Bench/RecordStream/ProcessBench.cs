using System.Diagnostics;
using System.Globalization;
using Tributary.Bench.Common;
using Tributary.Configuration;
using Tributary.Extract.Internal;
using Tributary.Internal;
using Tributary.Ports;
using Tributary.Processing;
using Tributary.Records.Internal;
using Tributary.Storage.Internal;
using Tributary.Streaming;

namespace Tributary.Bench.RecordStream;

/// <summary>
/// The process handler alone, on one thread: the input files' records, wrapped in extract's envelopes, become stream
/// records of 4 shards (routed by the retail partition key, as extract routes them) held in memory; the handler takes
/// them in batches of <c>Process:BatchSize</c> shard by shard, as the local event-source mapping hands them over, and
/// flushes its raw round every 50,000 records per shard. Raw objects and forwarded records are copied and dropped (no
/// file is written), so what is measured is process' own CPU and allocations. With <c>--write &lt;folder&gt;</c> raw
/// objects go to a local object store there instead (a folder left by an earlier run is moved aside and deleted after
/// the passes), so the file writes are measured too.
/// </summary>
internal static class ProcessBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: process <input folder of *.json> [repeat (3)] [--write <raw store folder>]");
            return 2;
        }

        var repeat = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var r) ? r : 3;
        var write = Array.IndexOf(args, "--write") is var w and >= 0 && w + 1 < args.Length ? Path.GetFullPath(args[w + 1]) : null;
        var previous = write is null ? null : write.TrimEnd(Path.DirectorySeparatorChar) + ".previous";
        if (write is not null && Directory.Exists(write))
        {
            // Moved aside now and deleted after the passes: on ext4 without a journal, files created soon after a large
            // delete cost far more kernel time (see FreshDataRoot).
            if (Directory.Exists(previous))
            {
                Directory.Delete(previous, recursive: true);
            }

            Directory.Move(write, previous!);
        }

        IObjectStore store = write is null ? new DroppingObjectStore() : new Tributary.Storage.LocalObjectStore(write);
        const int Shards = 4;
        var options = new ProcessOptions();
        var shards = await LoadAsync(args[0], Shards);
        var records = shards.Sum(s => s.Count);
        var handler = new ProcessHandler(store, new DroppingDeliveryStream(), options) { HostFlushesRaw = true };
        for (var pass = 0; pass < repeat; pass++)
        {
            var mark = CostMark.Now();
            long failures = 0;
            foreach (var shard in shards)
            {
                // Each pass continues the shard's sequence, as the stream would (a round keeps only records past its last).
                var batch = new List<StreamRecord>(options.BatchSize);
                var sinceFlush = 0;
                foreach (var record in shard)
                {
                    batch.Add(new StreamRecord(record.ShardId, record.LocalSequence + ((long)pass * records), record.PartitionKey, record.Data, record.ApproximateArrivalTimestamp));
                    if (batch.Count == options.BatchSize)
                    {
                        failures += (await handler.HandleRecordsAsync(batch)).BatchItemFailures.Count;
                        sinceFlush += batch.Count;
                        batch = new List<StreamRecord>(options.BatchSize);
                        if (sinceFlush >= 50_000)
                        {
                            await handler.FlushRawAsync();
                            sinceFlush = 0;
                        }
                    }
                }

                failures += (await handler.HandleRecordsAsync(batch)).BatchItemFailures.Count;
                await handler.FlushRawAsync();
            }

            var cost = mark.Elapsed();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {pass + 1}: {records:N0} records, {cost.Wall:F2} s wall, {cost.Cpu:F2} CPU s, {records / cost.Cpu:N0} records/CPU-s, {cost.Allocated / (double)records:F1} B/record (the stream records included, as the embedded stream makes them), {failures} failed, {handler.RawObjectsWritten:N0} raw objects so far; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        }

        if (previous is not null && Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }

        return 0;
    }

    private static async Task<List<StreamRecord>[]> LoadAsync(string folder, int shardCount)
    {
        var shards = Enumerable.Range(0, shardCount).Select(_ => new List<StreamRecord>()).ToArray();
        var shardIds = Enumerable.Range(0, shardCount).Select(KinesisHashRanges.ShardId).ToArray();
        var arrival = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        using var buffer = new PooledBufferWriter(1 << 20);
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            await using var input = File.OpenRead(file);
            using var splitter = new JsonRecordSplitter(input, 1 << 20, 64, ["RetailTxnData", "StoreNo"]);
            var envelopes = new SourceEnvelopeWriter("source/" + Path.GetFileName(file));
            while (await splitter.MoveNextAsync(CancellationToken.None))
            {
                buffer.Clear();
                envelopes.Write(buffer, splitter.Index, splitter.Current);
                var key = splitter.Key ?? "none";
                var shard = KinesisHashRanges.ShardIndex(key, shardCount);
                var list = shards[shard];
                list.Add(new StreamRecord(shardIds[shard], list.Count + 1, key, buffer.WrittenSpan.ToArray(), arrival));
            }
        }

        return shards;
    }

    /// <summary>Takes raw objects and drops them (as their lines, like the local store, which writes them where they lie).</summary>
    private sealed class DroppingObjectStore : IObjectStore, IGatheredPuts
    {
        public Task PutAsync(string key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public string Location => "nowhere";

        public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Copies each forwarded record into one reused buffer, as a delivery buffer would, and drops it.</summary>
    private sealed class DroppingDeliveryStream : IDeliveryStream
    {
        private readonly byte[] _sink = new byte[1 << 20];

        public string Name => "dropping";

        public Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
        {
            foreach (var record in records)
            {
                record.Span.CopyTo(_sink);
            }

            return Task.FromResult<IReadOnlyList<string?>>(new string?[records.Count]);
        }
    }
}
