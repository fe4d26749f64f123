using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Aws.Tests.Fixtures;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Integration;

/// <summary>
/// <c>tributary run</c> with <c>Deliver:Transport = firehose</c>, the binary as a user runs it: source in S3 (moto),
/// the embedded stream, and records put to a Firehose delivery stream (moto, behind
/// <see cref="FirehoseTransformProxy"/>, which plays the delivery stream's transformation Lambda) whose S3
/// destination is the bucket's staging prefix.
/// </summary>
public sealed class RunWithFirehoseTests
{
    private const int RowsPerFile = 150;
    private const int Files = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task Run_PutsEveryRecordOnFirehose_AndStagingHoldsTheTransformedRowsAsJsonLines()
    {
        var aws = await LocalAws.OptionsAsync();
        var bucket = LocalAws.UniqueName("firehose-run");
        var deliveryName = LocalAws.UniqueName("delivery");
        await using var proxy = new FirehoseTransformProxy(aws);
        using var clients = new AwsClientFactory(aws);
        using var s3 = clients.CreateS3Client();
        await s3.PutBucketAsync(bucket);
        await clients.CreateFirehoseClient().CreateS3DeliveryStreamAsync(deliveryName, bucket, AwsPipeline.Prefix + "staging/", AwsPipeline.Prefix + "processing-failed/", "arn:aws:iam::123456789012:role/firehose", 1, 60);
        var store = clients.CreateObjectStore(bucket, AwsPipeline.Prefix, s3);

        using var folder = new TempDirectory("run-firehose");
        var config = folder.Combine("tributary.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Storage": { "DataRoot": "./state", "ObjectStore": { "Transport": "s3", "Bucket": "{{bucket}}", "Prefix": "{{AwsPipeline.Prefix}}" } },
              "Stream": { "ShardCount": 2, "FlushToDisk": false },
              "Deliver": { "Transport": "firehose", "StreamName": "{{deliveryName}}" },
              "Aws": {
                "EndpointUrl": "{{aws.EndpointUrl}}", "FirehoseEndpointUrl": "{{proxy.Endpoint}}", "S3ForcePathStyle": true,
                "MaxRetries": 4, "RetryBaseDelayMilliseconds": 10, "MaxRetryDelayMilliseconds": 200
              }
            }
            """);
        var source = folder.Combine("local", "source");
        var generated = await CliProcess.RunAsync(folder.Path, Timeout, "generate", "--out", source, "--rows", RowsPerFile.ToString(CultureInfo.InvariantCulture), "--files", Files.ToString(CultureInfo.InvariantCulture), "--seed", "11", "--format", "jsonl");
        Assert.True(generated.ExitCode == 0, generated.All);
        var expected = ExpectedRows(source);
        foreach (var (file, _) in expected.Keys.DistinctBy(k => k.Source))
        {
            await store.PutAsync(file, await File.ReadAllBytesAsync(Path.Combine(folder.Combine("local"), file)));
        }

        var run = await CliProcess.RunAsync(folder.Path, Timeout, "run", "--config", config, "--no-load", "--format", "json");

        Assert.True(run.ExitCode == 0, run.All);
        using (var summary = JsonDocument.Parse(run.Out))
        {
            Assert.Equal(RowsPerFile * Files, summary.RootElement.GetProperty("records").GetInt64());
            Assert.Equal(RowsPerFile * Files, summary.RootElement.GetProperty("recordsProcessed").GetInt64());
        }

        Assert.Empty(proxy.NotOk);
        Assert.True(proxy.Invocations > 0, "the CLI never called PutRecordBatch");
        var staged = new Dictionary<string, string>();
        await foreach (var item in store.ListAsync("staging/"))
        {
            await using var body = await store.OpenReadAsync(item.Key);
            staged[item.Key] = await new StreamReader(body, Encoding.UTF8).ReadToEndAsync();
        }

        Assert.NotEmpty(staged);
        Assert.All(staged.Keys, key => Assert.Matches($@"^staging/\d{{4}}/\d\d/\d\d/\d\d/{deliveryName}-1-\d{{4}}(-\d\d){{5}}-[0-9a-f-]{{36}}$", key));

        // JSON Lines: every object is whole lines, each one flattened row naming its source record.
        var actual = new Dictionary<(string Source, long Index), List<string>>();
        foreach (var (key, text) in staged)
        {
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var row = JsonDocument.Parse(line);
                var root = row.RootElement;
                Assert.Equal(JsonValueKind.Object, root.ValueKind);
                Assert.False(root.TryGetProperty("RetailTxnData", out _), $"{key}: a row still holds the nested record: {line}");
                var id = (root.GetProperty("_source_file").GetString()!, root.GetProperty("_source_record").GetInt64());
                (actual.TryGetValue(id, out var codes) ? codes : actual[id] = []).Add(root.GetProperty("RetailTxnData_LineItem_StockCode").GetString()!);
            }
        }

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, codes) in expected)
        {
            Assert.Equal(codes, actual[id]);
        }
    }

    /// <summary>
    /// Per source record (file, position), the stock codes of its line items: one flattened row each (a list of
    /// items explodes into one row per item; the generator writes a single item object, which gives one row).
    /// </summary>
    private static Dictionary<(string Source, long Index), List<string>> ExpectedRows(string sourceFolder)
    {
        var expected = new Dictionary<(string, long), List<string>>();
        foreach (var file in Directory.GetFiles(sourceFolder, "*", SearchOption.AllDirectories))
        {
            var key = "source/" + Path.GetRelativePath(sourceFolder, file).Replace('\\', '/');
            var index = 0L;
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                using var record = JsonDocument.Parse(line);
                var items = record.RootElement.GetProperty("RetailTxnData").GetProperty("LineItem");
                expected[(key, index++)] = items.ValueKind == JsonValueKind.Array
                    ? [.. items.EnumerateArray().Select(i => i.GetProperty("StockCode").GetString()!)]
                    : [items.GetProperty("StockCode").GetString()!];
            }
        }

        return expected;
    }
}
