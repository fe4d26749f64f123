using System.Text;
using System.Text.Json;
using Tributary.Aws.Lambda.Internal;
using Tributary.Extract;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Lambda;

/// <summary>The extract Lambda function over moto (S3, DynamoDB) and kinesalite (Kinesis), invoked with documented event shapes.</summary>
public sealed class ExtractFunctionTests
{
    private static string Outcome(JsonDocument output, int index = 0) =>
        output.RootElement.GetProperty("objects")[index].GetProperty("outcome").GetString()!;

    private static long Records(JsonDocument output) => output.RootElement.GetProperty("objects")[0].GetProperty("records").GetInt64();

    private static void AssertEachRecordOnce(List<(string Source, long Index, string PartitionKey, string Invoice)> records, string source, string prefix, int count)
    {
        var mine = records.Where(r => r.Source == source).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), mine.Select(r => r.Index).Order());
        Assert.All(mine, r => Assert.Equal($"{prefix}{r.Index}", r.Invoice));
        Assert.All(mine, r => Assert.Equal((r.Index % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), r.PartitionKey));
    }

    [SkippableFact]
    public async Task S3Notification_PutsEveryRecordOnce_AndRepeatedEventsOfEitherShapeDoNothing()
    {
        using var env = await ExtractEnvironment.CreateAsync(recordsPerPut: 100);
        const string key = "source/2026/day one+x.json";
        await env.Store.PutAsync(key, Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("A", 300)));
        var notification = await env.NotificationAsync(key);
        using (var sent = JsonDocument.Parse(notification))
        {
            Assert.Equal("source/2026/day+one%2Bx.json", sent.RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        }

        using (var first = await ExtractEnvironment.InvokeAsync(env.Function(), notification))
        {
            Assert.Equal("extracted", Outcome(first));
            Assert.Equal(300, Records(first));
            Assert.Equal(key, first.RootElement.GetProperty("objects")[0].GetProperty("key").GetString());
        }

        using (var again = await ExtractEnvironment.InvokeAsync(env.Function(), notification))
        {
            Assert.Equal("duplicate", Outcome(again));
        }

        using (var viaEventBridge = await ExtractEnvironment.InvokeAsync(env.Function(), await env.EventBridgeAsync(key)))
        {
            Assert.Equal("duplicate", Outcome(viaEventBridge));
        }

        var records = await env.ReadStreamAsync();
        Assert.Equal(300, records.Count);
        AssertEachRecordOnce(records, key, "A", 300);

        var emf = env.Metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line)).ToList();
        Assert.Equal(3, emf.Count);
        Assert.Equal("extract", emf[0].RootElement.GetProperty("Stage").GetString());
        Assert.Equal(300, emf[0].RootElement.GetProperty("RecordsOut").GetDouble());
        Assert.Equal(1, emf[0].RootElement.GetProperty("FilesIn").GetDouble());
        Assert.Equal(0, emf[1].RootElement.GetProperty("RecordsOut").GetDouble());
        Assert.Equal(1, emf[1].RootElement.GetProperty("FilesSkipped").GetDouble());
        Assert.Contains("duplicate", env.Log.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GzipJsonLines_AreStreamedFromS3_ViaAnEventBridgeEvent()
    {
        using var env = await ExtractEnvironment.CreateAsync();
        const string key = "source/2026/11/lines.jsonl.gz";
        var lines = string.Join("\n", Enumerable.Range(0, 40).Select(i => $$$"""{"RetailTxnData":{"InvoiceNo":"G{{{i}}}","StoreNo":{{{i % 7}}}}}"""));
        using (var compressed = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(lines));
            }

            await env.Store.PutAsync(key, compressed.ToArray());
        }

        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), await env.EventBridgeAsync(key)))
        {
            Assert.Equal("extracted", Outcome(output));
            Assert.Equal(40, Records(output));
        }

        AssertEachRecordOnce(await env.ReadStreamAsync(), key, "G", 40);
    }

    [SkippableFact]
    public async Task TheSameEventDeliveredTwiceAtOnce_IsExtractedOnce()
    {
        using var env = await ExtractEnvironment.CreateAsync(leaseSeconds: 10, recordsPerPut: 50);
        const string key = "source/twice.json";
        await env.Store.PutAsync(key, Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("T", 400)));
        var notification = await env.NotificationAsync(key);

        var outputs = await Task.WhenAll(
            ExtractEnvironment.InvokeAsync(env.Function(), notification),
            ExtractEnvironment.InvokeAsync(env.Function(), notification));

        Assert.Equal(["duplicate", "extracted"], outputs.Select(o => Outcome(o)).Order(StringComparer.Ordinal));
        var records = await env.ReadStreamAsync();
        Assert.Equal(400, records.Count);
        AssertEachRecordOnce(records, key, "T", 400);
        foreach (var output in outputs)
        {
            output.Dispose();
        }
    }

    [SkippableFact]
    public async Task BadFile_IsQuarantinedWithAReason_AndTheRecordsBeforeTheProblemGoThrough()
    {
        using var env = await ExtractEnvironment.CreateAsync();
        const string key = "source/broken/bad.json";
        var good = ExtractEnvironment.JsonArray("B", 3);
        await env.Store.PutAsync(key, Encoding.UTF8.GetBytes(good[..^1] + ",\n{\"RetailTxnData\": {\"InvoiceNo\": \"B3\""));
        var notification = await env.NotificationAsync(key);

        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), notification))
        {
            Assert.Equal("quarantined", Outcome(output));
            Assert.Contains("truncated", output.RootElement.GetProperty("objects")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var copy = await env.Store.GetInfoAsync("quarantine/files/broken/bad.json");
        Assert.NotNull(copy);
        Assert.Equal((await env.Store.GetInfoAsync(key))!.Size, copy.Size);
        await using (var reasonStream = await env.Store.OpenReadAsync("quarantine/files/broken/bad.json.reason.json"))
        {
            using var reason = await JsonDocument.ParseAsync(reasonStream);
            Assert.Equal(key, reason.RootElement.GetProperty("source").GetString());
            Assert.Equal(3, reason.RootElement.GetProperty("recordsBeforeError").GetInt64());
            Assert.Contains("truncated", reason.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var records = await env.ReadStreamAsync();
        AssertEachRecordOnce(records, key, "B", 3);

        using (var again = await ExtractEnvironment.InvokeAsync(env.Function(), notification))
        {
            Assert.Equal("duplicate", Outcome(again));
        }

        var id = ExtractLedgerTable.IdOf(env.Bucket, key, copy.ETag.Trim('"'), copy.Size);
        var item = await env.Ledger.GetAsync(id, CancellationToken.None);
        Assert.Equal(LedgerState.Quarantined, item!.State);
        Assert.Contains("truncated", item.Reason, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(env.Metrics.ToString().Split('\n')[0]).RootElement.GetProperty("FilesQuarantined").GetDouble());
    }

    [SkippableFact]
    public async Task ACrashAfterAnAcknowledgedPut_IsResumedByTheRetryWithoutDuplicates()
    {
        using var env = await ExtractEnvironment.CreateAsync(recordsPerPut: 100);
        const string key = "source/crash.json";
        await env.Store.PutAsync(key, Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("C", 1000)));
        var notification = await env.NotificationAsync(key);

        var crash = await Assert.ThrowsAsync<IOException>(() => ExtractEnvironment.InvokeAsync(env.Function(new CrashingRecordStream(env.Stream, 4)), notification));
        Assert.Contains("simulated crash", crash.Message, StringComparison.Ordinal);
        Assert.Equal(400, (await env.ReadStreamAsync()).Count);

        using (var retry = await ExtractEnvironment.InvokeAsync(env.Function(), notification))
        {
            Assert.Equal("extracted", Outcome(retry));
            Assert.Equal(600, Records(retry));
            Assert.Contains("found on the stream", retry.RootElement.GetProperty("objects")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var records = await env.ReadStreamAsync();
        Assert.Equal(1000, records.Count);
        AssertEachRecordOnce(records, key, "C", 1000);
    }

    [SkippableFact]
    public async Task TheRetrysRecovery_ReadsThroughEmptyPagesBeforeTheTip_AsKinesisAnswersOnASparseShard()
    {
        using var env = await ExtractEnvironment.CreateAsync(recordsPerPut: 100);
        const string key = "source/sparse.json";
        await env.Store.PutAsync(key, Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("S", 500)));
        var notification = await env.NotificationAsync(key);

        await Assert.ThrowsAsync<IOException>(() => ExtractEnvironment.InvokeAsync(env.Function(new CrashingRecordStream(env.Stream, 2)), notification));
        Assert.Equal(200, (await env.ReadStreamAsync()).Count);

        var sparse = new SparseRecordStream(env.Stream, emptyPagesBeforeData: 4);
        using (var retry = await ExtractEnvironment.InvokeAsync(env.Function(sparse), notification))
        {
            Assert.Equal("extracted", Outcome(retry));
            Assert.Equal(300, Records(retry));
        }

        Assert.True(sparse.EmptyReadsBeforeData >= 4, $"the recovery read {sparse.EmptyReadsBeforeData} empty pages before data");
        var records = await env.ReadStreamAsync();
        Assert.Equal(500, records.Count);
        AssertEachRecordOnce(records, key, "S", 500);
    }

    [SkippableFact]
    public async Task AClaimWhoseOwnerDied_IsTakenOverWhenItsLeaseRunsOut()
    {
        using var env = await ExtractEnvironment.CreateAsync(leaseSeconds: 2);
        const string key = "source/orphan.jsonl";
        var lines = string.Join("\n", Enumerable.Range(0, 50).Select(i => $$$"""{"RetailTxnData":{"InvoiceNo":"D{{{i}}}","StoreNo":{{{i % 7}}}}}"""));
        await env.Store.PutAsync(key, Encoding.UTF8.GetBytes(lines));
        var info = (await env.Store.GetInfoAsync(key))!;
        var id = ExtractLedgerTable.IdOf(env.Bucket, key, info.ETag.Trim('"'), info.Size);
        var (claimed, _) = await env.Ledger.TryClaimAsync(id, key, "a-dead-invocation", TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Equal(ClaimResult.Claimed, claimed);

        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), await env.NotificationAsync(key)))
        {
            Assert.Equal("extracted", Outcome(output));
        }

        AssertEachRecordOnce(await env.ReadStreamAsync(), key, "D", 50);
        var item = await env.Ledger.GetAsync(id, CancellationToken.None);
        Assert.Equal(LedgerState.Done, item!.State);
        Assert.Equal(50, item.Next);
        Assert.Equal(2, item.Attempts);
        await Assert.ThrowsAsync<LeaseLostException>(() => env.Ledger.RenewAsync(id, "a-dead-invocation", TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [SkippableFact]
    public async Task ObjectsOutsideTheSourcePrefixOrBucket_AndStaleVersions_PutNothing()
    {
        using var env = await ExtractEnvironment.CreateAsync();
        await env.Store.PutAsync("quarantine/files/x.json", Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("X", 2)));
        await env.Store.PutAsync("source/v.json", Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("V", 2)));
        var outside = await env.NotificationAsync("quarantine/files/x.json");
        var otherBucket = outside.Replace(env.Bucket, "someone-elses-bucket", StringComparison.Ordinal);
        var stale = await env.NotificationAsync("source/v.json");
        await env.Store.PutAsync("source/v.json", Encoding.UTF8.GetBytes(ExtractEnvironment.JsonArray("W", 3)));

        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), outside))
        {
            Assert.Equal("ignored", Outcome(output));
        }

        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), otherBucket))
        {
            Assert.Equal("ignored", Outcome(output));
            Assert.Contains("Storage:ObjectStore:Bucket", output.RootElement.GetProperty("objects")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), stale))
        {
            Assert.Equal("superseded", Outcome(output));
        }

        Assert.Empty(await env.ReadStreamAsync());
        using (var output = await ExtractEnvironment.InvokeAsync(env.Function(), await env.NotificationAsync("source/v.json")))
        {
            Assert.Equal("extracted", Outcome(output));
        }

        AssertEachRecordOnce(await env.ReadStreamAsync(), "source/v.json", "W", 3);
    }
}
