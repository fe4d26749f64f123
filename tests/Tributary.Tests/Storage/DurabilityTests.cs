using System.Collections.Concurrent;
using System.Text;
using Tributary.Configuration;
using Tributary.Delivery.Internal;
using Tributary.Delta.Internal;
using Tributary.Extract;
using Tributary.Ports;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Tests.Storage;

/// <summary>
/// With <c>Stream:FlushToDisk</c> the state files survive a power loss: each write is synced, and so is the
/// directory of each file created or renamed. The syncs are observed through <see cref="DurableFiles.Observer"/>
/// (a power loss itself cannot be simulated here); without <c>FlushToDisk</c> nothing is synced.
/// </summary>
public sealed class DurabilityTests
{
    /// <summary>The paths synced while <paramref name="body"/> runs, in order.</summary>
    private static async Task<List<string>> SyncsOfAsync(Func<Task> body)
    {
        var synced = new ConcurrentQueue<string>();
        DurableFiles.Observer = synced.Enqueue;
        try
        {
            await body();
        }
        finally
        {
            DurableFiles.Observer = null;
        }

        return [.. synced.Select(Full)];
    }

    private static Task<List<string>> SyncsOf(Action body) => SyncsOfAsync(() =>
    {
        body();
        return Task.CompletedTask;
    });

    private static string Full(string path) => Path.GetFullPath(path).TrimEnd('/');

    [Fact]
    public void SyncDirectory_syncs_a_real_directory_and_names_a_missing_one()
    {
        using var temp = new TempDirectory("durable");
        DurableFiles.SyncDirectory(temp.Path);
        var error = Assert.Throws<IOException>(() => DurableFiles.SyncDirectory(temp.Combine("missing")));
        Assert.Contains(temp.Combine("missing"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncFileData_writes_what_was_appended_and_is_observed()
    {
        using var temp = new TempDirectory("durable");
        var path = temp.Combine("segment.log");
        var synced = await SyncsOf(() =>
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
            file.Write("abc"u8);
            DurableFiles.SyncFileData(file);
            file.Write("def"u8);
            DurableFiles.SyncFileData(file);
        });

        Assert.Equal([Full(path), Full(path)], synced);
        Assert.Equal("abcdef"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task CreateDirectory_syncs_the_parent_of_each_folder_it_creates()
    {
        using var temp = new TempDirectory("durable");
        var synced = await SyncsOf(() =>
        {
            DurableFiles.CreateDirectory(temp.Combine("a", "b", "c"));
            DurableFiles.CreateDirectory(temp.Combine("a", "b", "c"));
        });

        Assert.Equal([Full(temp.Path), Full(temp.Combine("a")), Full(temp.Combine("a", "b"))], synced);
    }

    [Fact]
    public async Task Delivery_journal_syncs_its_creation_each_line_and_each_clear()
    {
        using var temp = new TempDirectory("durable");
        var path = temp.Combine("delivery", "retail.journal");
        var ranges = new SequenceRanges();
        ranges.AddRange(1, 10);
        var positions = new Dictionary<string, SequenceRanges> { ["shardId-000000000000"] = ranges };
        var synced = await SyncsOf(() =>
        {
            var (journal, _) = DeliveryJournal.Open(path, flushToDisk: true);
            using (journal)
            {
                journal.Append("staging/a.parquet", positions);
                journal.Append("staging/b.parquet", positions);
                journal.Clear();
            }
        });

        Assert.Equal([Full(temp.Path), Full(temp.Combine("delivery")), path, path, path], synced);
    }

    [Fact]
    public async Task Delivery_journal_reopened_syncs_no_directory_and_without_flush_to_disk_nothing()
    {
        using var temp = new TempDirectory("durable");
        var path = temp.Combine("delivery", "retail.journal");
        DeliveryJournal.Open(path, flushToDisk: true).Journal.Dispose();
        var synced = await SyncsOf(() =>
        {
            DeliveryJournal.Open(path, flushToDisk: true).Journal.Dispose();
            var (journal, _) = DeliveryJournal.Open(temp.Combine("other", "retail.journal"), flushToDisk: false);
            using (journal)
            {
                journal.Append("staging/a.parquet", new Dictionary<string, SequenceRanges>());
            }
        });

        Assert.Empty(synced);
    }

    [Fact]
    public async Task Extract_ledger_syncs_its_creation_and_each_start_and_end_of_a_file_covering_the_progress_lines()
    {
        using var temp = new TempDirectory("durable");
        var folder = temp.Combine("_state", "ledger");
        var file = new StoredObject("source/a.json", 10, "etag", DateTimeOffset.UnixEpoch);
        var other = new StoredObject("source/b.json", 10, "etag", DateTimeOffset.UnixEpoch);
        var journal = Path.Combine(folder, "extract.journal");
        var synced = await SyncsOf(() =>
        {
            using var ledger = ExtractLedger.Open(folder, flushToDisk: true);
            ledger.Start(file);
            ledger.Progress(file, 5, [new PutRecordResultEntry("shardId-000000000000", "7")]);
            ledger.Progress(file, 8, [new PutRecordResultEntry("shardId-000000000000", "9")]);
            ledger.Done(file, 10);
            ledger.Start(other);
            ledger.Progress(other, 2, [new PutRecordResultEntry("shardId-000000000000", "11")]);
        });

        // Start and Done of the first file, Start of the second, and the second's progress line as the ledger closes:
        // no sync per progress line.
        Assert.Equal([Full(temp.Path), Full(temp.Combine("_state")), Full(folder), journal, journal, journal, journal], synced);
        using var reopened = ExtractLedger.Open(folder, flushToDisk: true);
        Assert.Equal(LedgerState.Done, reopened.Entries[file.Key].State);
        Assert.Equal(2, reopened.Entries[other.Key].Next);
        Assert.Equal("11", reopened.Tails["shardId-000000000000"]);
    }

    [Fact]
    public async Task Shard_log_syncs_every_put_and_the_folder_of_each_new_segment()
    {
        using var temp = new TempDirectory("durable");
        var options = new StreamOptions { ShardCount = 1, SegmentBytes = 65_536, FlushToDisk = true };
        var shardFolder = Full(temp.Combine("stream", options.Name, "shardId-000000000000"));
        LocalRecordStream? stream = null;
        var opened = await SyncsOf(() => stream = new LocalRecordStream(temp.Combine("stream"), options));
        using (stream)
        {
            Assert.Contains(shardFolder, opened);
            Assert.Contains(Full(temp.Combine("stream")), opened);
            Assert.Contains(Full(temp.Combine("stream", options.Name)), opened);

            // Each put (two 40 KB records) overfills a 64 KiB segment, so the second and third start new ones.
            var record = new PutRecordEntry(Encoding.UTF8.GetBytes(new string('x', 40_000)), "k");
            var synced = await SyncsOfAsync(async () =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await stream!.PutRecordsAsync([record, record]);
                }
            });

            var segments = Directory.GetFiles(shardFolder, "*.log").Select(Full).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(3, segments.Count);
            Assert.Equal([segments[0], shardFolder, segments[1], shardFolder, segments[2]], synced);
        }
    }

    [Fact]
    public async Task Checkpoint_syncs_the_file_system_then_its_file_then_its_folder()
    {
        using var temp = new TempDirectory("durable");
        var store = new LocalShardCheckpointStore(temp.Path, flushToDisk: true);
        await store.SetAsync("process", "shardId-000000000000", "1");
        var folder = Full(temp.Combine("checkpoints", "process"));
        var synced = await SyncsOfAsync(() => store.SetAsync("process", "shardId-000000000000", "42"));

        Assert.Equal(3, synced.Count);
        Assert.Equal(folder, synced[0]);
        Assert.EndsWith(".tributary-tmp", synced[1], StringComparison.Ordinal);
        Assert.Equal(folder, synced[2]);
        Assert.Equal("42", await store.GetAsync("process", "shardId-000000000000"));

        var unsynced = new LocalShardCheckpointStore(temp.Path, flushToDisk: false);
        Assert.Empty(await SyncsOfAsync(() => unsynced.SetAsync("process", "shardId-000000000001", "7")));
    }
}
