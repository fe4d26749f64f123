using System.Text;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.Extract;
using Tributary.Records;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Integration;

/// <summary>The embedded extract stage, unchanged, on the AWS adapters: source files in S3, records onto Kinesis.</summary>
public sealed class ExtractOnAwsTests
{
    [SkippableFact]
    public async Task ExtractStage_ReadsSourceFromS3_AndPutsEveryRecordOnKinesisOnce()
    {
        var options = await LocalAws.OptionsAsync(kinesis: true);
        using var clients = new AwsClientFactory(options);
        using var s3 = clients.CreateS3Client();
        var bucket = LocalAws.UniqueName("bucket");
        await s3.PutBucketAsync(bucket);
        var store = clients.CreateObjectStore(bucket, "data/", s3);
        var kinesis = clients.CreateKinesisClient();
        var streamName = LocalAws.UniqueName("stream");
        await kinesis.CreateStreamAsync(streamName, 2);
        await kinesis.WaitForActiveAsync(streamName, TimeSpan.FromSeconds(30));
        var stream = clients.CreateRecordStream(streamName);

        var array = "[" + string.Join(",", Enumerable.Range(0, 120).Select(i => $$$"""{"RetailTxnData":{"InvoiceNo":"A{{{i}}}","StoreNo":{{{i % 5}}}}}""")) + "]";
        var lines = string.Join("\n", Enumerable.Range(0, 80).Select(i => $$$"""{"RetailTxnData":{"InvoiceNo":"B{{{i}}}","StoreNo":{{{i % 3}}}}}"""));
        await store.PutAsync("source/2024/a.json", Encoding.UTF8.GetBytes(array));
        await store.PutAsync("source/2024/b.jsonl", Encoding.UTF8.GetBytes(lines));

        using var state = new TempDirectory("ledger");
        ExtractSummary first;
        using (var ledger = ExtractLedger.Open(state.Path))
        {
            first = await new ExtractStage(store, stream, ledger, new ExtractOptions()).RunAsync();
        }

        ExtractSummary second;
        using (var ledger = ExtractLedger.Open(state.Path))
        {
            second = await new ExtractStage(store, stream, ledger, new ExtractOptions()).RunAsync();
        }

        Assert.Equal(2, first.Files);
        Assert.Equal(200, first.Records);
        Assert.Equal(0, second.Records);
        Assert.Equal(2, second.FilesSkipped);

        var invoices = new List<string>();
        foreach (var shard in await stream.ListShardsAsync())
        {
            string? after = null;
            while (true)
            {
                var page = await stream.GetRecordsAsync(shard, after, 500);
                if (page.Records.Count == 0)
                {
                    break;
                }

                foreach (var record in page.Records)
                {
                    var envelope = RecordEnvelope.Parse(record.Data);
                    Assert.StartsWith("source/2024/", envelope.Source, StringComparison.Ordinal);
                    var text = Encoding.UTF8.GetString(envelope.Record.Span);
                    invoices.Add(text[(text.IndexOf("\"InvoiceNo\":\"", StringComparison.Ordinal) + 13)..].Split('"')[0]);
                }

                after = page.Records[^1].SequenceNumber;
            }
        }

        Assert.Equal(
            Enumerable.Range(0, 120).Select(i => $"A{i}").Concat(Enumerable.Range(0, 80).Select(i => $"B{i}")).Order(StringComparer.Ordinal),
            invoices.Order(StringComparer.Ordinal));
    }
}
