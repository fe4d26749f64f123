using System.Text.Json;
using Tributary.Delta.Actions;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Log;

public sealed class TransactionTests
{
    [Fact]
    public async Task Create_writes_version_zero_with_protocol_1_2_and_the_schema()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path, new Dictionary<string, string> { ["delta.appendOnly"] = "false" });
        var snapshot = await table.GetSnapshotAsync();

        Assert.Equal(0, snapshot.Version);
        Assert.Equal(new ProtocolAction(1, 2), snapshot.Protocol);
        Assert.Equal(TestTables.Schema, snapshot.Schema);
        Assert.Equal(["part"], snapshot.PartitionColumns);
        Assert.Equal("false", snapshot.Configuration["delta.appendOnly"]);
        Assert.Empty(snapshot.Files);
        Assert.True(Guid.TryParse(snapshot.Metadata.Id, out _));
    }

    [Fact]
    public async Task Create_refuses_an_existing_table_and_bad_partition_columns()
    {
        using var dir = new TempDirectory();
        await TestTables.CreateAsync(dir.Path);
        await Assert.ThrowsAsync<DeltaException>(() => TestTables.CreateAsync(dir.Path));
        using var other = new TempDirectory();
        var error = await Assert.ThrowsAsync<DeltaSchemaException>(() =>
            DeltaTable.CreateAsync(new LocalDeltaStorage(other.Path), TestTables.Schema, ["nope"]));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appends_add_files_and_removes_make_tombstones()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var a = TestTables.Add("a");
        var b = TestTables.Add("b", "b");
        Assert.Equal(1, (await TestTables.AppendAsync(table, a, b)).Version);

        var transaction = await table.BeginTransactionAsync();
        transaction.Remove(TestTables.RemoveOf(a));
        transaction.ReadWholeTable();
        Assert.Equal(2, (await transaction.CommitAsync("DELETE")).Version);

        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal([b.Path], snapshot.Files.Select(f => f.Path));
        Assert.Equal([a.Path], snapshot.Tombstones.Select(f => f.Path));
        Assert.Equal(2, (await table.GetSnapshotAsync(1)).Files.Count);
    }

    [Fact]
    public async Task A_recorded_app_transaction_version_skips_the_commit_and_says_so()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var first = await table.BeginTransactionAsync();
        first.Add(TestTables.Add("a"));
        first.SetAppTransaction("ingest-0", 5);
        Assert.False((await first.CommitAsync("WRITE")).Skipped);

        foreach (var version in new long[] { 5, 4 })
        {
            var again = await table.BeginTransactionAsync();
            again.Add(TestTables.Add($"dup{version}"));
            again.SetAppTransaction("ingest-0", version);
            var result = await again.CommitAsync("WRITE");
            Assert.True(result.Skipped);
            Assert.Equal(1, result.Version);
            Assert.Contains("ingest-0", result.SkipReason, StringComparison.Ordinal);
        }

        var next = await table.BeginTransactionAsync();
        next.SetAppTransaction("ingest-0", 6);
        next.Add(TestTables.Add("b"));
        Assert.Equal(2, (await next.CommitAsync("WRITE")).Version);
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(6, snapshot.GetAppTransactionVersion("ingest-0"));
        Assert.Equal(2, snapshot.Files.Count);
    }

    [Fact]
    public async Task A_lost_race_of_a_blind_append_is_retried_at_the_next_version()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var slow = await table.BeginTransactionAsync();
        slow.Add(TestTables.Add("slow"));
        await TestTables.AppendAsync(table, TestTables.Add("fast"));

        var result = await slow.CommitAsync("WRITE");

        Assert.Equal(2, result.Version);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, (await table.GetSnapshotAsync()).Files.Count);
    }

    [Fact]
    public async Task Disjoint_partitions_retry_and_overlapping_reads_conflict()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var old = TestTables.Add("old", "a");
        await TestTables.AppendAsync(table, old);

        var rewriteB = await table.BeginTransactionAsync();
        rewriteB.ReadPartitions(p => p["part"] == "b");
        rewriteB.Add(TestTables.Add("b2", "b"));
        var rewriteA = await table.BeginTransactionAsync();
        rewriteA.ReadPartitions(p => p["part"] == "a");
        rewriteA.Remove(TestTables.RemoveOf(old));
        rewriteA.Add(TestTables.Add("a2", "a"));

        await TestTables.AppendAsync(table, TestTables.Add("new-a", "a"));

        Assert.Equal(3, (await rewriteB.CommitAsync("MERGE")).Version);
        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => rewriteA.CommitAsync("MERGE"));
        Assert.Equal("ConcurrentAppend", conflict.Conflict);
        Assert.Equal(2, conflict.WinningVersion);
    }

    [Fact]
    public async Task Removing_a_file_that_a_concurrent_commit_removed_conflicts()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var file = TestTables.Add("x");
        await TestTables.AppendAsync(table, file);
        var first = await table.BeginTransactionAsync();
        var second = await table.BeginTransactionAsync();
        first.Remove(TestTables.RemoveOf(file));
        second.Remove(TestTables.RemoveOf(file));

        await first.CommitAsync("DELETE");
        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => second.CommitAsync("DELETE"));
        Assert.Equal("ConcurrentDeleteDelete", conflict.Conflict);
    }

    [Fact]
    public async Task A_concurrent_metadata_change_conflicts_even_with_a_blind_append()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var append = await table.BeginTransactionAsync();
        append.Add(TestTables.Add("a"));
        var alter = await table.BeginTransactionAsync();
        alter.SetMetadata(alter.ReadSnapshot.Metadata with { Configuration = new Dictionary<string, string> { ["delta.checkpointInterval"] = "5" } });
        await alter.CommitAsync("SET TBLPROPERTIES");

        var conflict = await Assert.ThrowsAsync<DeltaConcurrencyException>(() => append.CommitAsync("WRITE"));
        Assert.Equal("MetadataChanged", conflict.Conflict);
        Assert.Equal(5, (await table.GetSnapshotAsync()).CheckpointInterval);
    }

    [Fact]
    public async Task A_concurrent_commit_of_the_same_app_transaction_turns_the_retry_into_a_skip()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var mine = await table.BeginTransactionAsync();
        mine.SetAppTransaction("app", 7);
        mine.Add(TestTables.Add("mine"));
        var theirs = await table.BeginTransactionAsync();
        theirs.SetAppTransaction("app", 7);
        theirs.Add(TestTables.Add("theirs"));
        await theirs.CommitAsync("WRITE");

        var result = await mine.CommitAsync("WRITE");

        Assert.True(result.Skipped);
        Assert.Equal(["theirs"], (await table.GetSnapshotAsync()).Files.Select(f => Path.GetFileNameWithoutExtension(f.Path)));
    }

    [Fact]
    public async Task Append_only_tables_refuse_data_removals()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path, new Dictionary<string, string> { ["delta.appendOnly"] = "true" });
        var file = TestTables.Add("a");
        await TestTables.AppendAsync(table, file);
        var transaction = await table.BeginTransactionAsync();
        transaction.Remove(TestTables.RemoveOf(file));
        var error = await Assert.ThrowsAsync<DeltaException>(() => transaction.CommitAsync("DELETE"));
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_info_records_the_operation_parameters_as_strings_and_extra_entries_as_json()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var transaction = await table.BeginTransactionAsync();
        transaction.Add(TestTables.Add("a"));
        await transaction.CommitAsync(
            "WRITE",
            new Dictionary<string, object?> { ["mode"] = "Append", ["partitionBy"] = new[] { "part" }, ["auto"] = false },
            new Dictionary<string, object?> { ["operationMetrics"] = new Dictionary<string, object?> { ["numFiles"] = "1" }, ["userMetadata"] = "batch 1" });

        var history = await table.GetHistoryAsync();
        Assert.Equal([1L, 0L], history.Select(h => h.Version));
        var entry = history[0];
        Assert.Equal("WRITE", entry.Operation);
        Assert.Equal("Append", entry.OperationParameters["mode"].GetString());
        Assert.Equal("[\"part\"]", entry.OperationParameters["partitionBy"].GetString());
        Assert.Equal("false", entry.OperationParameters["auto"].GetString());
        Assert.Equal("1", entry.OperationMetrics["numFiles"].GetString());
        Assert.Equal(0, entry.Raw.GetProperty("readVersion").GetInt64());
        Assert.True(entry.Raw.GetProperty("isBlindAppend").GetBoolean());
        Assert.Equal("batch 1", entry.Raw.GetProperty("userMetadata").GetString());
        Assert.Equal("CREATE TABLE", history[1].Operation);
        Assert.Single(await table.GetHistoryAsync(limit: 1));
    }

    [Fact]
    public async Task Threads_appending_at_once_lose_no_commit()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path, new Dictionary<string, string> { ["delta.checkpointInterval"] = "7" });
        const int Writers = 6, Each = 5;
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var versions = new List<long>();
            var writer = await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path));
            for (var i = 0; i < Each; i++)
            {
                var transaction = await writer.BeginTransactionAsync();
                transaction.Add(TestTables.Add($"w{w}-{i}", $"p{w}"));
                transaction.SetAppTransaction($"writer-{w}", i);
                versions.Add((await transaction.CommitAsync("WRITE")).Version);
            }

            return versions;
        })));

        var all = results.SelectMany(v => v).Order().ToList();
        Assert.Equal(Enumerable.Range(1, Writers * Each).Select(v => (long)v), all);
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(Writers * Each, snapshot.Version);
        Assert.Equal(Writers * Each, snapshot.Files.Count);
        Assert.All(Enumerable.Range(0, Writers), w => Assert.Equal(Each - 1, snapshot.GetAppTransactionVersion($"writer-{w}")));
    }

    [Fact]
    public async Task Every_tenth_version_gets_a_checkpoint_and_the_pointer()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        var removed = TestTables.Add("gone");
        await TestTables.AppendAsync(table, removed);
        var delete = await table.BeginTransactionAsync();
        delete.Remove(TestTables.RemoveOf(removed, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await delete.CommitAsync("DELETE");
        DeltaCommitResult? last = null;
        for (var i = 3; i < 10; i++)
        {
            last = await TestTables.AppendAsync(table, TestTables.Add($"f{i}", i % 2 == 0 ? null : "odd"));
        }

        Assert.Equal(9, last!.Version);
        Assert.False(last.CheckpointWritten);
        var tenth = await TestTables.AppendAsync(table, TestTables.Add("f10"));
        Assert.True(tenth.CheckpointWritten, tenth.CheckpointError);
        Assert.True(File.Exists(dir.Combine("_delta_log", "00000000000000000010.checkpoint.parquet")));
        using var pointer = JsonDocument.Parse(File.ReadAllText(dir.Combine("_delta_log", "_last_checkpoint")));
        Assert.Equal(10, pointer.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(8, pointer.RootElement.GetProperty("numOfAddFiles").GetInt64());
        Assert.Equal(32, pointer.RootElement.GetProperty("checksum").GetString()!.Length);

        var expected = await table.GetSnapshotAsync();
        // Without the commits before it, the checkpoint alone must rebuild the same state.
        for (var v = 0; v <= 10; v++)
        {
            File.Delete(dir.Combine("_delta_log", $"{v:D20}.json"));
        }

        var fromCheckpoint = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path))).GetSnapshotAsync();
        Assert.Equal(10, fromCheckpoint.Version);
        Assert.Equal(expected.Files.OrderBy(f => f.Path), fromCheckpoint.Files.OrderBy(f => f.Path), AddFileComparer.Instance);
        Assert.Equal(expected.Metadata.SchemaString, fromCheckpoint.Metadata.SchemaString);
        Assert.Equal(expected.Metadata.Id, fromCheckpoint.Metadata.Id);
        Assert.Equal(expected.Protocol, fromCheckpoint.Protocol);
        Assert.Equal([removed.Path], fromCheckpoint.Tombstones.Select(t => t.Path));
        Assert.Contains(fromCheckpoint.Files, f => f.PartitionValues["part"] is null);
    }

    private sealed class AddFileComparer : IEqualityComparer<AddFile>
    {
        public static readonly AddFileComparer Instance = new();

        public bool Equals(AddFile? x, AddFile? y) =>
            x is not null && y is not null && x.Path == y.Path && x.Size == y.Size && x.ModificationTime == y.ModificationTime
            && x.DataChange == y.DataChange && x.Stats == y.Stats && x.PartitionValues.OrderBy(p => p.Key).SequenceEqual(y.PartitionValues.OrderBy(p => p.Key));

        public int GetHashCode(AddFile obj) => obj.Path.GetHashCode(StringComparison.Ordinal);
    }
}
