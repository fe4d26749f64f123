using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Tributary.Extract;
using Tributary.Ports;
using Tributary.Streaming;

namespace Tributary.Tests.Extract;

public sealed class ExtractStageTests
{
    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Arrays_json_lines_single_objects_and_gzip_become_one_envelope_per_object()
    {
        using var fx = new ExtractFixture();
        await fx.PutAsync("source/a.json", """[ {"id":1}, {"id":2,"n":{"x":[1,2]}} ,{"id":3}]""");
        await fx.PutAsync("source/b.jsonl", "{\"id\":4}\n{\"id\":5}\r\n\n{\"id\":6}");
        await fx.PutAsync("source/c.json", """{ "id" : 7 }""");
        await fx.PutAsync("source/d.json.gz", Gzip("""[{"id":8},{"id":9}]"""));
        await fx.PutAsync("source/e.json", [0xEF, 0xBB, 0xBF, .. "[{\"id\":10}]"u8]);
        await fx.PutAsync("source/f.json", "[]");

        var summary = await fx.RunAsync();

        Assert.Equal(6, summary.Files);
        Assert.Equal(10, summary.Records);
        Assert.Empty(summary.QuarantinedFiles);
        Assert.Equal(["{\"id\":1}", "{\"id\":2,\"n\":{\"x\":[1,2]}}", "{\"id\":3}"], await fx.RecordsOfAsync("source/a.json"));
        Assert.Equal(["{\"id\":4}", "{\"id\":5}", "{\"id\":6}"], await fx.RecordsOfAsync("source/b.jsonl"));
        Assert.Equal(["{ \"id\" : 7 }"], await fx.RecordsOfAsync("source/c.json"));
        Assert.Equal(["{\"id\":8}", "{\"id\":9}"], await fx.RecordsOfAsync("source/d.json.gz"));
        Assert.Equal(["{\"id\":10}"], await fx.RecordsOfAsync("source/e.json"));
        var indexes = (await fx.ReadStreamAsync()).Where(e => e.Envelope.Source == "source/b.jsonl").Select(e => e.Envelope.Index).Order();
        Assert.Equal([0L, 1, 2], indexes.Select(i => i!.Value));
    }

    [Fact]
    public async Task Partition_key_comes_from_the_configured_field_path()
    {
        using var fx = new ExtractFixture(shards: 4);
        var records = Enumerable.Range(0, 200).Select(i => "{\"Other\":{\"StoreNo\":\"x\"},\"RetailTxnData\":{\"Lines\":[{\"StoreNo\":\"no\"}],\"StoreNo\":" + (i % 13) + ",\"Deep\":{\"StoreNo\":\"z\"}}}");
        await fx.PutAsync("source/retail.json", "[" + string.Join(",", records) + "]");

        await fx.RunAsync();

        var all = await fx.ReadStreamAsync();
        Assert.Equal(200, all.Count);
        foreach (var (envelope, record) in all)
        {
            using var doc = JsonDocument.Parse(envelope.Record);
            var store = doc.RootElement.GetProperty("RetailTxnData").GetProperty("StoreNo").GetRawText();
            Assert.Equal(store, record.PartitionKey);
            Assert.Equal(KinesisHashRanges.ShardId(KinesisHashRanges.ShardIndex(store, 4)), record.ShardId);
        }
    }

    [Fact]
    public async Task String_partition_keys_plain_escaped_and_non_ascii_reach_the_stream_decoded()
    {
        using var fx = new ExtractFixture(shards: 4);
        string[] stores = ["S-12", "Zürich \\u00e9", "a\\\\b \\\"q\\\"", "北京"];
        string[] expected = ["S-12", "Zürich é", "a\\b \"q\"", "北京"];
        var records = Enumerable.Range(0, 40).Select(i => "{\"RetailTxnData\":{\"StoreNo\":\"" + stores[i % 4] + "\",\"i\":" + i + "}}");
        await fx.PutAsync("source/keys.json", string.Join("\n", records));

        var summary = await fx.RunAsync();
        Assert.Empty(summary.QuarantinedFiles.Select(q => q.Reason));

        var all = await fx.ReadStreamAsync();
        Assert.Equal(40, all.Count);
        foreach (var (envelope, record) in all)
        {
            Assert.Equal(expected[(int)(envelope.Index!.Value % 4)], record.PartitionKey);
            Assert.Equal(KinesisHashRanges.ShardId(KinesisHashRanges.ShardIndex(record.PartitionKey, 4)), record.ShardId);
        }
    }

    [Fact]
    public async Task Rerun_ingests_nothing_twice_but_a_changed_file_again()
    {
        using var fx = new ExtractFixture();
        await fx.PutAsync("source/a.json", """[{"id":1},{"id":2}]""");

        Assert.Equal(2, (await fx.RunAsync()).Records);
        var second = await fx.RunAsync();
        Assert.Equal(0, second.Records);
        Assert.Equal(1, second.FilesSkipped);

        await fx.PutAsync("source/a.json", """[{"id":1},{"id":2},{"id":3}]""");
        var third = await fx.RunAsync();
        Assert.Equal(3, third.Records);
        Assert.Equal(5, (await fx.ReadStreamAsync()).Count);
    }

    [Theory]
    [InlineData("truncated.json", "[{\"id\":1},{\"id\":2},{\"id\":", 2, "truncated")]
    [InlineData("truncated-lines.jsonl", "{\"id\":1}\n{\"id\":2}\n{\"id\":3", 2, "truncated")]
    [InlineData("empty.json", "", 0, "empty")]
    [InlineData("blank.json", "  \n\t ", 0, "empty")]
    [InlineData("scalar.json", "42", 0, "found a number")]
    [InlineData("string.json", "\"hello\"", 0, "found a string")]
    [InlineData("scalars-in-array.json", "[{\"id\":1},3,{\"id\":2}]", 1, "array element 2")]
    [InlineData("strings-in-lines.jsonl", "{\"id\":1}\n\"x\"\n", 1, "found a string")]
    [InlineData("trailing.json", "[{\"id\":1}] [{\"id\":2}]", 1, "after the top-level array")]
    [InlineData("not-json.json", "{\"id\":1}\nid,name\n1,a", 1, "invalid JSON")]
    [InlineData("comment.json", "[{\"id\":1},// no\n{\"id\":2}]", 1, "invalid JSON")]
    [InlineData("bad-after-key.json", "[{\"RetailTxnData\":{\"StoreNo\":1}},{\"RetailTxnData\":{\"StoreNo\":2,\"x\":tru}}]", 1, "invalid JSON")]
    [InlineData("truncated-after-key.jsonl", "{\"RetailTxnData\":{\"StoreNo\":1}}\n{\"RetailTxnData\":{\"StoreNo\":2,\"x\":[1,", 1, "truncated")]
    [InlineData("comma-after-key.json", "[{\"RetailTxnData\":{\"StoreNo\":\"a\",\"y\":{\"z\":1,}}}]", 0, "invalid JSON")]
    public async Task Bad_files_are_quarantined_with_reasons_and_records_before_the_error_go_through(string name, string content, int before, string reasonPart)
    {
        using var fx = new ExtractFixture();
        await fx.PutAsync("source/good-before.json", """[{"good":1}]""");
        await fx.PutAsync("source/" + name, content);
        await fx.PutAsync("source/zz-good-after.json", """[{"good":2}]""");

        var summary = await fx.RunAsync();

        var quarantined = Assert.Single(summary.QuarantinedFiles);
        Assert.Equal("source/" + name, quarantined.Source);
        Assert.Equal(before, quarantined.RecordsBeforeError);
        Assert.Contains(reasonPart, quarantined.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("quarantine/files/" + name, quarantined.QuarantineKey);
        Assert.Equal(content, fx.ReadText(quarantined.QuarantineKey));
        using (var reason = JsonDocument.Parse(fx.ReadText(quarantined.ReasonKey)))
        {
            Assert.Equal("source/" + name, reason.RootElement.GetProperty("source").GetString());
            Assert.True(reason.RootElement.GetProperty("offset").GetInt64() >= 0);
            Assert.False(string.IsNullOrEmpty(reason.RootElement.GetProperty("expected").GetString()));
            Assert.Equal(before, reason.RootElement.GetProperty("recordsBeforeError").GetInt64());
        }

        Assert.Equal(before, (await fx.RecordsOfAsync("source/" + name)).Count);
        Assert.Single(await fx.RecordsOfAsync("source/good-before.json"));
        Assert.Single(await fx.RecordsOfAsync("source/zz-good-after.json"));

        var rerun = await fx.RunAsync();
        Assert.Equal(0, rerun.Records);
        Assert.Empty(rerun.QuarantinedFiles);
        Assert.Equal(before + 2, (await fx.ReadStreamAsync()).Count);
    }

    [Fact]
    public async Task Invalid_utf8_utf16_and_deep_nesting_are_quarantined_with_offsets()
    {
        using var fx = new ExtractFixture();
        await fx.PutAsync("source/latin1.json", [.. "[{\"id\":1},{\"name\":\"caf"u8, 0xE9, .. "\"}]"u8]);
        await fx.PutAsync("source/utf16.json", [0xFF, 0xFE, (byte)'[', 0, (byte)']', 0]);
        await fx.PutAsync("source/deep.json", "[{\"id\":1},{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}]");
        await fx.PutAsync("source/deep-object.json", "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 9_999)) + "1" + new string('}', 10_000));
        await fx.PutAsync("source/ok.json", "{\"id\":2}");

        var summary = await fx.RunAsync();

        var byName = summary.QuarantinedFiles.ToDictionary(q => q.Source);
        Assert.Equal(4, byName.Count);
        Assert.Equal(1, byName["source/latin1.json"].RecordsBeforeError);
        Assert.Equal(22, byName["source/latin1.json"].Offset);
        Assert.Contains("UTF-8", byName["source/latin1.json"].Reason);
        Assert.Contains("UTF-16", byName["source/utf16.json"].Reason);
        Assert.Contains("depth", byName["source/deep.json"].Reason, StringComparison.Ordinal);
        Assert.Equal(1, byName["source/deep.json"].RecordsBeforeError);
        Assert.Contains("depth", byName["source/deep-object.json"].Reason);
        Assert.Equal(3, summary.Records);
    }

    [Fact]
    public async Task A_20_MB_record_is_reported_and_the_records_around_it_arrive()
    {
        using var fx = new ExtractFixture();
        var huge = "{\"blob\":\"" + new string('x', 20 * 1024 * 1024) + "\"}";
        await fx.PutAsync("source/huge.jsonl", "{\"id\":1}\n" + huge + "\n{\"id\":3}\n");

        var summary = await fx.RunAsync();

        Assert.Equal(2, summary.Records);
        Assert.Equal(["{\"id\":1}", "{\"id\":3}"], await fx.RecordsOfAsync("source/huge.jsonl"));
        var reported = Assert.Single(summary.QuarantinedRecords);
        Assert.Equal("1", reported.Index);
        Assert.Contains("Stream:MaxRecordBytes", reported.Reason);
        Assert.Contains(huge.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), fx.ReadText(reported.ReasonKey));
        Assert.Empty(summary.QuarantinedFiles);
    }

    [Fact]
    public async Task A_crash_between_put_and_ledger_line_neither_duplicates_nor_loses_records()
    {
        using var fx = new ExtractFixture();
        fx.Options.RecordsPerPut = 10;
        await fx.PutAsync("source/a.json", "[" + string.Join(",", Enumerable.Range(0, 95).Select(i => $"{{\"i\":{i}}}")) + "]");
        await fx.PutAsync("source/b.json", "[" + string.Join(",", Enumerable.Range(0, 5).Select(i => $"{{\"i\":{i}}}")) + "]");

        foreach (var crashAfter in new[] { 1, 4, 1 })
        {
            var crashing = new CrashingStream(fx.Stream, crashAfter);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => fx.RunAsync(crashing));
        }

        var final = await fx.RunAsync();
        Assert.True(final.RecoveredRecords > 0);

        var all = await fx.ReadStreamAsync();
        var a = all.Where(e => e.Envelope.Source == "source/a.json").Select(e => e.Envelope.Index!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 95).Select(i => (long)i), a);
        Assert.Equal(5, all.Count(e => e.Envelope.Source == "source/b.json"));
    }

    /// <summary>Puts through to the real stream, then dies (after the put was acknowledged) on the n-th put.</summary>
    private sealed class CrashingStream(IRecordStream inner, int crashOnPut) : IRecordStream
    {
        private int _puts;

        public string Name => inner.Name;

        public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken = default) => inner.ListShardsAsync(cancellationToken);

        public Task<GetRecordsResult> GetRecordsAsync(string shardId, string? afterSequenceNumber, int limit, CancellationToken cancellationToken = default) =>
            inner.GetRecordsAsync(shardId, afterSequenceNumber, limit, cancellationToken);

        public async Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await inner.PutRecordsAsync(entries, cancellationToken);
            return ++_puts == crashOnPut ? throw new SimulatedCrashException() : result;
        }
    }

    private sealed class SimulatedCrashException : Exception;
}
