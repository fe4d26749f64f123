using Tributary.Configuration;
using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

public sealed class SummaryRefreshScopeTests
{
    private static readonly DateTimeOffset Arrival = new(2025, 1, 10, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_load_from_a_remote_store_reads_no_curated_file_of_a_region_it_did_not_touch()
    {
        using var remote = new TempDirectory();
        using var cache = new TempDirectory();
        StagingFiles.Write(remote.Path, "staging/2025/01/10/11/a.parquet",
        [
            StagingFiles.Line(invoiceNo: "1", region: "Europe "),
            StagingFiles.Line(invoiceNo: "2", region: "Asia-Pacific ", storeCountry: "Japan"),
            StagingFiles.Line(invoiceNo: "3", region: "North America ", storeCountry: "USA", invoiceDateTime: "2023-05-01 08:00:00"),
        ], Arrival);
        var store = new OpaqueObjectStore(remote.Path);
        var stage = new LoadStage(new LoadOptions { CacheFolder = cache.Path }, "retail", store, time: new ManualClock(Arrival.AddHours(1)));
        Assert.Equal(LoadStatus.Loaded, (await stage.RunAsync()).Status);
        StagingFiles.Write(remote.Path, "staging/2025/01/10/12/b.parquet",
            [StagingFiles.Line(invoiceNo: "4", region: "Europe "), StagingFiles.Line(invoiceNo: "5", region: "Europe ", invoiceDateTime: "2023-02-01 08:00:00")],
            Arrival.AddHours(1));
        var readBefore = store.ReadKeys.Count;

        var second = await stage.RunAsync();

        Assert.Equal(LoadStatus.Loaded, second.Status);
        Assert.Equal(["Europe"], second.SummaryRegions);
        var curatedFiles = store.ReadKeys.Skip(readBefore)
            .Where(k => k.StartsWith("final/curated/", StringComparison.Ordinal) && k.EndsWith(".parquet", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(curatedFiles);
        Assert.All(curatedFiles, k => Assert.StartsWith("final/curated/region=Europe/", k, StringComparison.Ordinal));
        Assert.DoesNotContain(store.ReadKeys.Skip(readBefore), k => k.StartsWith("final/sales_summary/region=", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(cache.Path));
    }
}
