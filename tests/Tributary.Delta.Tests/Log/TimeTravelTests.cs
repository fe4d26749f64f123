using Tributary.Delta.Tests.Conformance;

namespace Tributary.Delta.Tests.Log;

public sealed class TimeTravelTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1540415658000);

    [SkippableFact]
    public async Task Timestamps_resolve_to_the_latest_commit_at_or_before_them()
    {
        using var copy = GoldenCopy.Of("golden/time-travel-start-start20-start40");
        for (var v = 0; v < 3; v++)
        {
            File.SetLastWriteTimeUtc(copy.Combine("_delta_log", $"{v:D20}.json"), Start.AddMinutes(20 * v).UtcDateTime);
        }

        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        foreach (var (minutes, version) in new[] { (0, 0L), (10, 0L), (20, 1L), (30, 1L), (40, 2L) })
        {
            var snapshot = await table.GetSnapshotAsOfAsync(Start.AddMinutes(minutes));
            Assert.Equal(version, snapshot.Version);
            Assert.Equal(2 * (version + 1), snapshot.Files.Count);
        }

        var after = await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsOfAsync(Start.AddMinutes(50)));
        Assert.Contains("after the latest available version", after.Message, StringComparison.Ordinal);
        var before = await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsOfAsync(Start.AddMilliseconds(-1)));
        Assert.Contains("before the earliest available version", before.Message, StringComparison.Ordinal);
        Assert.Equal(Start.AddMinutes(20), (await table.GetHistoryAsync()).Single(h => h.Version == 1).Timestamp);
    }

    [SkippableFact]
    public async Task Equal_or_backwards_mtimes_are_made_strictly_increasing()
    {
        using var copy = GoldenCopy.Of("golden/time-travel-start-start20-start40");
        foreach (var v in new[] { 0, 1, 2 })
        {
            File.SetLastWriteTimeUtc(copy.Combine("_delta_log", $"{v:D20}.json"), Start.UtcDateTime);
        }

        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        Assert.Equal(0, (await table.GetSnapshotAsOfAsync(Start)).Version);
        Assert.Equal(1, (await table.GetSnapshotAsOfAsync(Start.AddMilliseconds(1))).Version);
        Assert.Equal(2, (await table.GetSnapshotAsOfAsync(Start.AddMilliseconds(2))).Version);
    }

    [SkippableFact]
    public async Task Versions_outside_the_log_or_not_recreatable_fail()
    {
        using var copy = GoldenCopy.Of("golden/time-travel-start-start20-start40");
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsync(3));
        await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsync(-1));
        File.Delete(copy.Combine("_delta_log", $"{0:D20}.json"));
        var error = await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsync(0));
        Assert.Contains("Cannot recreate version 0", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_log_that_starts_at_a_checkpoint_loads_but_cannot_go_back_before_it()
    {
        using var copy = GoldenCopy.Of("golden/only-checkpoint-files");
        File.Delete(copy.Combine("_delta_log", $"{0:D20}.json"));
        File.Delete(copy.Combine("_delta_log", $"{1:D20}.json"));
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path));
        Assert.Equal(7, (await table.GetSnapshotAsync()).Files.Count);
        Assert.Equal(1, (await table.GetSnapshotAsync(1)).Version);
        await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsync(0));
    }

    [SkippableFact]
    public async Task A_stale_last_checkpoint_falls_back_to_listing()
    {
        using var copy = GoldenCopy.Of("golden/kernel-resources/basic-with-checkpoint");
        File.WriteAllText(copy.Combine("_delta_log", "_last_checkpoint"), "{\"version\":12,\"size\":3}");
        var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path))).GetSnapshotAsync();
        Assert.Equal((14L, 30), (snapshot.Version, snapshot.Files.Count));
        File.WriteAllText(copy.Combine("_delta_log", "_last_checkpoint"), "{garbage");
        Assert.Equal(30, (await (await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path))).GetSnapshotAsync()).Files.Count);
        File.Delete(copy.Combine("_delta_log", "_last_checkpoint"));
        Assert.Equal(30, (await (await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path))).GetSnapshotAsync()).Files.Count);
    }

    [SkippableFact]
    public async Task A_multi_part_checkpoint_with_a_missing_part_is_ignored()
    {
        using var copy = GoldenCopy.Of("golden/multi-part-checkpoint");
        File.Delete(copy.Combine("_delta_log", "00000000000000000001.checkpoint.0000000002.0000000002.parquet"));
        var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path))).GetSnapshotAsync();
        Assert.Equal((1L, 10), (snapshot.Version, snapshot.Files.Count));
    }

    [SkippableFact]
    public async Task A_multi_part_checkpoint_alone_rebuilds_the_table()
    {
        using var copy = GoldenCopy.Of("golden/multi-part-checkpoint");
        File.Delete(copy.Combine("_delta_log", $"{0:D20}.json"));
        File.Delete(copy.Combine("_delta_log", $"{1:D20}.json"));
        var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(copy.Path))).GetSnapshotAsync();
        Assert.Equal((1L, 10), (snapshot.Version, snapshot.Files.Count));
        Assert.Equal("1", snapshot.Configuration["delta.checkpointInterval"]);
    }
}
