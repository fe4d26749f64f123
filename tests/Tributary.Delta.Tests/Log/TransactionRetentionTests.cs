using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Log;

/// <summary><c>delta.setTransactionRetentionDuration</c>: expired app transactions are not returned and checkpoints drop them.</summary>
public sealed class TransactionRetentionTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Transactions_older_than_the_retention_are_expired_on_read_and_left_out_of_the_checkpoint()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(Start);
        var table = await TestTables.CreateAsync(
            dir.Path,
            new Dictionary<string, string> { ["delta.setTransactionRetentionDuration"] = "interval 1 hours", ["delta.checkpointInterval"] = "3" },
            new DeltaTableOptions { TimeProvider = clock });
        await CommitAsync(table, "early", 1, "a");
        clock.Now = Start.AddMinutes(30);
        await CommitAsync(table, "late", 5, "b");

        clock.Now = Start.AddMinutes(61);
        var snapshot = await table.GetSnapshotAsync();

        Assert.Null(snapshot.GetAppTransactionVersion("early"));
        Assert.Equal(["late"], snapshot.AppTransactions.Keys);
        Assert.Equal(5, snapshot.GetAppTransactionVersion("late"));
        // Time travel does not bring an expired txn back: expiry follows the reader's clock.
        Assert.Null((await table.GetSnapshotAsync(1)).GetAppTransactionVersion("early"));
        // The protocol's consequence: an expired appId no longer makes its old batch a duplicate.
        var replay = await CommitAsync(table, "early", 1, "c");
        Assert.False(replay.Skipped);
        Assert.Equal(3, replay.Version);
        Assert.True(replay.CheckpointWritten);

        var pastReader = await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path), new DeltaTableOptions { TimeProvider = new ManualClock(Start.AddMinutes(62)) });
        var fromCheckpoint = await pastReader.GetSnapshotAsync();
        Assert.Equal(1, fromCheckpoint.GetAppTransactionVersion("early"));
        Assert.Equal(5, fromCheckpoint.GetAppTransactionVersion("late"));
        var checkpointed = await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path), new DeltaTableOptions { TimeProvider = new ManualClock(Start) });
        Assert.Equal(3, (await checkpointed.GetSnapshotAsync()).Version);
        Assert.Equal(2, (await checkpointed.GetSnapshotAsync()).AppTransactions.Count);
    }

    [Fact]
    public async Task A_checkpoint_written_after_expiry_no_longer_holds_the_expired_transaction()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(Start);
        var table = await TestTables.CreateAsync(
            dir.Path,
            new Dictionary<string, string> { ["delta.setTransactionRetentionDuration"] = "interval 1 hours", ["delta.checkpointInterval"] = "3" },
            new DeltaTableOptions { TimeProvider = clock });
        await CommitAsync(table, "early", 1, "a");
        await CommitAsync(table, "kept", 2, "b");
        clock.Now = Start.AddMinutes(90);
        await CommitAsync(table, "kept", 3, "c");

        // A reader whose clock is before the expiry still cannot see the txn: the checkpoint at version 3 dropped it.
        var reader = await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path), new DeltaTableOptions { TimeProvider = new ManualClock(Start) });
        var snapshot = await reader.GetSnapshotAsync();

        Assert.True(File.Exists(Path.Combine(dir.Path, "_delta_log", "00000000000000000003.checkpoint.parquet")));
        Assert.Null(snapshot.GetAppTransactionVersion("early"));
        Assert.Equal(3, snapshot.GetAppTransactionVersion("kept"));
    }

    [Fact]
    public async Task Without_the_property_or_without_lastUpdated_a_transaction_never_expires()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(Start);
        var table = await TestTables.CreateAsync(dir.Path, options: new DeltaTableOptions { TimeProvider = clock });
        await CommitAsync(table, "app", 7, "a");
        clock.Now = Start.AddYears(5);
        Assert.Equal(7, (await table.GetSnapshotAsync()).GetAppTransactionVersion("app"));

        using var other = new TempDirectory();
        var retained = await TestTables.CreateAsync(
            other.Path, new Dictionary<string, string> { ["delta.setTransactionRetentionDuration"] = "interval 1 days" }, new DeltaTableOptions { TimeProvider = clock });
        File.WriteAllText(
            Path.Combine(other.Path, "_delta_log", "00000000000000000001.json"),
            "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"WRITE\"}}\n{\"txn\":{\"appId\":\"old\",\"version\":3}}\n{\"txn\":{\"appId\":\"dated\",\"version\":4,\"lastUpdated\":1}}\n");
        var snapshot = await retained.GetSnapshotAsync();

        Assert.Equal(3, snapshot.GetAppTransactionVersion("old"));
        Assert.Null(snapshot.GetAppTransactionVersion("dated"));
    }

    private static async Task<DeltaCommitResult> CommitAsync(DeltaTable table, string appId, long version, string name)
    {
        var transaction = await table.BeginTransactionAsync();
        transaction.Add(TestTables.Add(name));
        transaction.SetAppTransaction(appId, version);
        return await transaction.CommitAsync("WRITE");
    }
}
