using Tributary.Configuration;
using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

public sealed class PartitionPruningTests
{
    [Fact]
    public async Task A_filter_on_partition_columns_reads_only_the_matching_files()
    {
        using var data = new TempDirectory();
        StagingFiles.Write(data.Path, "staging/2025/01/10/11/a.parquet",
        [
            StagingFiles.Line(invoiceNo: "1", region: "Europe "),
            StagingFiles.Line(invoiceNo: "2", region: "North America ", storeCountry: "USA"),
            StagingFiles.Line(invoiceNo: "3", region: "North America ", storeCountry: "USA", invoiceDateTime: "2023-05-01 08:00:00"),
        ], new DateTimeOffset(2025, 1, 10, 11, 0, 0, TimeSpan.Zero));
        await new LoadStage(new LoadOptions(), "retail", data.Path).RunAsync();

        var files = Directory.GetFiles(data.Combine("final", "curated"), "*.parquet", SearchOption.AllDirectories).Length;
        Assert.Equal(3, files);

        Assert.Equal([["2", "3"]], LoadStageTests.Query(data.Path, "SELECT min(invoiceno), max(invoiceno) FROM curated WHERE region = 'North America'"));
        Assert.Equal([["3"]], LoadStageTests.Query(data.Path, "SELECT invoiceno FROM curated WHERE region = 'North America' AND invoice_year = 2023"));
        var plan = string.Concat(LoadStageTests.Query(data.Path,
            "EXPLAIN ANALYZE SELECT invoiceno FROM curated WHERE region = 'North America' AND invoice_year = 2023").SelectMany(r => r));
        Assert.Contains("Total Files Read: 1", plan, StringComparison.Ordinal);
        var all = string.Concat(LoadStageTests.Query(data.Path, "EXPLAIN ANALYZE SELECT invoiceno FROM curated").SelectMany(r => r));
        Assert.Contains("Total Files Read: 3", all, StringComparison.Ordinal);
    }
}
