using System.Text;
using Tributary.Configuration;
using Tributary.Ports;
using Tributary.Runtime;
using Tributary.Runtime.Internal;
using Tributary.Storage;
using Tributary.Streaming.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Runtime;

public sealed class LocalPipelineDecoratorTests
{
    private static string RetailRecord(int file, int i) =>
        $$$"""{"RetailTxnData":{"InvoiceNo":{{{(file * 1000) + i}}},"Region":"Asia","StoreNo":{{{i % 5}}},"LineItem":[{"StockCode":"A{{{i}}}","Quantity":1},{"StockCode":"B{{{i}}}","Quantity":2}]}}""";

    [Fact]
    public async Task Decorators_see_every_call_of_the_run_and_the_run_stages_the_same_rows()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        for (var f = 0; f < 2; f++)
        {
            await store.PutAsync($"source/file-{f}.json", Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 150).Select(i => RetailRecord(f, i))) + "]"));
        }

        var options = new TributaryOptions();
        options.Storage.DataRoot = temp.Path;
        options.Stream.ShardCount = 3;
        options.Stream.FlushToDisk = false;
        options.Process.CheckpointIntervalRecords = 40;

        var stream = new CountingStream();
        var delivery = new CountingDelivery();
        var staging = new CountingStore();
        long processCalls = 0;
        long extractedRecords = -1;
        var decorators = new PipelineDecorators
        {
            RecordStream = inner => stream.Wrap(inner),
            DeliveryStream = inner => delivery.Wrap(inner),
            StagingStore = inner => staging.Wrap(inner, options.Deliver.StagingPrefix),
            ProcessElapsed = _ => Interlocked.Increment(ref processCalls),
            ExtractEnded = summary => extractedRecords = summary.Records,
        };

        RunSummary summary;
        await using (var pipeline = new LocalPipeline(options, store, decorators))
        {
            summary = await pipeline.RunAsync();
        }

        Assert.Equal(300, summary.RecordsProcessed);
        Assert.Equal(600, summary.Rows);
        Assert.Equal(300, extractedRecords);
        Assert.Equal(300, stream.RecordsPut);
        Assert.Equal(300, stream.RecordsRead);
        Assert.Equal(300, delivery.RecordsPut);
        Assert.Equal(summary.StagingBatches, staging.StagingObjects);
        Assert.True(summary.StagingBatches >= 1);

        // At least one process call and one raw flush before a checkpoint.
        Assert.True(summary.RawObjects >= 1);
        Assert.True(Interlocked.Read(ref processCalls) >= 2);
    }

    private sealed class CountingStream
    {
        private long _put;
        private long _read;

        public long RecordsPut => Interlocked.Read(ref _put);

        public long RecordsRead => Interlocked.Read(ref _read);

        public IRecordStream Wrap(IRecordStream inner) => new Wrapper(inner, this);

        private sealed class Wrapper(IRecordStream inner, CountingStream counts) : IRecordStream, IPutsInCallOrder
        {
            public string Name => inner.Name;

            public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

            public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref counts._put, entries.Count);
                return inner.PutRecordsAsync(entries, cancellationToken);
            }

            public async Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default)
            {
                var result = await inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken);
                Interlocked.Add(ref counts._read, result.Records.Count);
                return result;
            }
        }
    }

    private sealed class CountingDelivery
    {
        private long _put;

        public long RecordsPut => Interlocked.Read(ref _put);

        public IDeliveryStream Wrap(IDeliveryStream inner) => new Wrapper(inner, this);

        private sealed class Wrapper(IDeliveryStream inner, CountingDelivery counts) : IDeliveryStream
        {
            public string Name => inner.Name;

            public Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref counts._put, records.Count);
                return inner.PutRecordBatchAsync(records, cancellationToken);
            }
        }
    }

    private sealed class CountingStore
    {
        private long _staging;

        public long StagingObjects => Interlocked.Read(ref _staging);

        public IObjectStore Wrap(IObjectStore inner, string stagingPrefix) => new Wrapper(inner, stagingPrefix, this);

        private sealed class Wrapper(IObjectStore inner, string stagingPrefix, CountingStore counts) : IObjectStore
        {
            public string Location => inner.Location;

            public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

            public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => inner.GetInfoAsync(key, cancellationToken);

            public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

            public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
            {
                Count(key);
                return inner.PutAsync(key, content, cancellationToken);
            }

            public Task<Stream> CreateAsync(string key, CancellationToken cancellationToken = default)
            {
                Count(key);
                return inner.CreateAsync(key, cancellationToken);
            }

            public Task<bool> TryPutNewAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
            {
                Count(key);
                return inner.TryPutNewAsync(key, content, cancellationToken);
            }

            public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

            private void Count(string key)
            {
                if (key.StartsWith(stagingPrefix, StringComparison.Ordinal) && key.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref counts._staging);
                }
            }
        }
    }
}
