using System.Text;
using Tributary.Configuration;
using Tributary.Extract;
using Tributary.Ports;
using Tributary.Records;
using Tributary.Storage;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Tests.Extract;

/// <summary>A data root with a local store, stream and ledger, and helpers to read back what reached the stream.</summary>
internal sealed class ExtractFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ExtractFixture(int shards = 2)
    {
        Store = new LocalObjectStore(_temp.Combine("data"));
        StreamOptions = new StreamOptions { ShardCount = shards, FlushToDisk = false };
        Stream = new LocalRecordStream(_temp.Combine("data", "_state", "stream"), StreamOptions);
    }

    public LocalObjectStore Store { get; }

    public StreamOptions StreamOptions { get; }

    public LocalRecordStream Stream { get; private set; }

    public string LedgerFolder => _temp.Combine("data", "_state", "ledger");

    public ExtractOptions Options { get; } = new();

    public Task PutAsync(string key, string text) => Store.PutAsync(key, Encoding.UTF8.GetBytes(text));

    public Task PutAsync(string key, byte[] bytes) => Store.PutAsync(key, bytes);

    public async Task<ExtractSummary> RunAsync(IRecordStream? stream = null)
    {
        using var ledger = ExtractLedger.Open(LedgerFolder, flushToDisk: false);
        var stage = new ExtractStage(Store, stream ?? Stream, ledger, Options, StreamOptions.MaxRecordBytes);
        return await stage.RunAsync();
    }

    public async Task<List<(RecordEnvelope Envelope, StreamRecord Record)>> ReadStreamAsync()
    {
        var all = new List<(RecordEnvelope, StreamRecord)>();
        foreach (var shard in await Stream.ListShardsAsync())
        {
            string? after = null;
            while (true)
            {
                var page = await Stream.GetRecordsAsync(shard, after, 1000);
                if (page.Records.Count == 0)
                {
                    break;
                }

                all.AddRange(page.Records.Select(r => (RecordEnvelope.Parse(r.Data), r)));
                after = page.Records[^1].SequenceNumber;
            }
        }

        return all;
    }

    public async Task<List<string>> RecordsOfAsync(string source) =>
        [.. (await ReadStreamAsync()).Where(e => e.Envelope.Source == source).OrderBy(e => e.Envelope.Index).Select(e => Encoding.UTF8.GetString(e.Envelope.Record.Span))];

    public string ReadText(string key) => File.ReadAllText(Store.GetPath(key));

    public void Dispose()
    {
        Stream.Dispose();
        _temp.Dispose();
    }
}
