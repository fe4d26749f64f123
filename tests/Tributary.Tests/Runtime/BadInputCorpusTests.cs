using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Tributary.Configuration;
using Tributary.Runtime;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Tests.Runtime;

/// <summary>
/// The bad-input corpus through the whole local pipeline: every broken file and record is set aside with a reason
/// a person can act on, and every good record around them reaches staging (and raw/) once.
/// </summary>
public sealed class BadInputCorpusTests
{
    private static string Good(string tag, int i, string region = "Europe") =>
        $$$"""{"RetailTxnData":{"InvoiceNo":"{{{tag}}}-{{{i}}}","Region":{{{JsonSerializer.Serialize(region)}}},"StoreNo":{{{i}}},"LineItem":[{"StockCode":"A{{{i}}}","Quantity":1}]}}""";

    private static TributaryOptions Options(string root)
    {
        var options = new TributaryOptions();
        options.Storage.DataRoot = root;
        options.Stream.ShardCount = 2;
        options.Stream.FlushToDisk = false;
        return options;
    }

    [Fact]
    public async Task Broken_files_and_records_are_set_aside_with_reasons_and_every_good_record_is_staged()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        var utf8 = Encoding.UTF8;

        // Good records expected in staging, per source file.
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        async Task PutAsync(string name, byte[] content, int good)
        {
            await store.PutAsync("source/" + name, content);
            if (good > 0)
            {
                expected["source/" + name] = good;
            }
        }

        await PutAsync("a-good.jsonl", utf8.GetBytes(Good("a", 1) + "\n" + Good("a", 2)), 2);
        await PutAsync("truncated.json", utf8.GetBytes("[" + Good("t", 1) + "," + Good("t", 2) + ",{\"RetailTxnData\":{\"Inv"), 2);
        await PutAsync("latin1.json", [.. utf8.GetBytes("[" + Good("l", 1) + ",{\"RetailTxnData\":{\"Region\":\"caf"), 0xE9, .. "\"}}]"u8], 1);
        await PutAsync("bom.json", [0xEF, 0xBB, 0xBF, .. utf8.GetBytes("[" + Good("b", 1) + "," + Good("b", 2) + "]")], 2);
        await PutAsync("empty.json", [], 0);
        await PutAsync("scalars.json", utf8.GetBytes("[" + Good("s", 1) + ",3," + Good("s", 2) + "]"), 1);
        await PutAsync("deep.jsonl", utf8.GetBytes(Good("d", 1) + "\n{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}\n" + Good("d", 2)), 1);
        await PutAsync("huge.jsonl", utf8.GetBytes(Good("h", 1) + "\n{\"blob\":\"" + new string('x', 20 * 1024 * 1024) + "\"}\n" + Good("h", 2)), 2);
        string[] escaping = ["../../etc", "/", "a/b", "%", "\0", "..", new string('r', 1024), "C:\\x"];
        await PutAsync("escaping.jsonl", utf8.GetBytes(string.Join("\n", escaping.Select((region, i) => Good("e", i, region)))), escaping.Length);

        // Deeper than the transform's limit (64) but within extract's (256): the transform fails it.
        await PutAsync("z-too-deep-to-flatten.jsonl", utf8.GetBytes(Good("z", 1) + "\n{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 99)) + "1" + new string('}', 100)), 1);

        RunSummary summary;
        await using (var pipeline = new LocalPipeline(Options(temp.Path), store))
        {
            summary = await pipeline.RunAsync();
        }

        // Files that cannot be read past a point: copied to quarantine/files/ with a reason file.
        var quarantined = summary.QuarantinedFiles.ToDictionary(q => q.Source, StringComparer.Ordinal);
        Assert.Equal(
            ["source/deep.jsonl", "source/empty.json", "source/latin1.json", "source/scalars.json", "source/truncated.json"],
            quarantined.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("truncated", quarantined["source/truncated.json"].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("UTF-8", quarantined["source/latin1.json"].Reason, StringComparison.Ordinal);
        Assert.Contains("empty", quarantined["source/empty.json"].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("array element 2", quarantined["source/scalars.json"].Reason, StringComparison.Ordinal);
        Assert.Contains("depth", quarantined["source/deep.jsonl"].Reason, StringComparison.Ordinal);
        foreach (var file in quarantined.Values)
        {
            Assert.True(File.Exists(Path.Combine(temp.Path, file.QuarantineKey)), file.QuarantineKey);
            using var reason = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(temp.Path, file.ReasonKey)));
            Assert.Equal(file.Source, reason.RootElement.GetProperty("source").GetString());
            Assert.Equal(expected.GetValueOrDefault(file.Source), reason.RootElement.GetProperty("recordsBeforeError").GetInt64());
        }

        // The 20 MB record: reported on its own, the file goes on.
        var huge = Assert.Single(summary.QuarantinedRecords);
        Assert.Equal("source/huge.jsonl", huge.Source);
        Assert.Equal("1", huge.Index);
        Assert.Contains("Stream:MaxRecordBytes", huge.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, huge.ReasonKey)));

        // The record too deep to flatten: in processing-failed/ with the transform's reason and the raw data.
        Assert.Equal(1, summary.RecordsFailedInTransform);
        var failed = Directory.GetFiles(Path.Combine(temp.Path, "processing-failed"), "*", SearchOption.AllDirectories);
        using (var error = JsonDocument.Parse(File.ReadAllLines(Assert.Single(failed)).Single()))
        {
            Assert.Contains("depth", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("z-too-deep-to-flatten", utf8.GetString(error.RootElement.GetProperty("rawData").GetBytesFromBase64()), StringComparison.Ordinal);
        }

        // Every good record is staged once.
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT _source_file, count(DISTINCT _source_record), count(*) FROM read_parquet('{temp.Path}/staging/**/*.parquet', union_by_name = true) GROUP BY ALL ORDER BY 1";
        var staged = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                Assert.Equal(reader.GetInt64(1), reader.GetInt64(2));
                staged[reader.GetString(0)] = (int)reader.GetInt64(1);
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), staged.OrderBy(e => e.Key, StringComparer.Ordinal));

        // Path-escaping values stay inside raw/: every file the run wrote is under one of the data root's folders,
        // and raw/ holds one line per good record (plus the one the transform failed, archived before it).
        var outside = Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(temp.Path, f).Split(Path.DirectorySeparatorChar)[0])
            .Where(top => !DataLayout.All.Contains(top) && top != "processing-failed")
            .ToList();
        Assert.Empty(outside);
        var rawLines = Directory.GetFiles(Path.Combine(temp.Path, "raw"), "*.jsonl", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length);
        Assert.Equal(expected.Values.Sum() + 1, rawLines);
        Assert.Equal(escaping.Length, Directory.GetFiles(Path.Combine(temp.Path, "raw"), "*.jsonl", SearchOption.AllDirectories)
            .Sum(f => File.ReadAllLines(f).Count(line => line.Contains("\"e-", StringComparison.Ordinal))));
    }
}
