using System.Globalization;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Load;

/// <summary>The set of loaded staging batches is durable: it survives log cleanup and every crash point of a load.</summary>
public sealed class LoadLedgerTests
{
    private const string AppId = "retail";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] TablesInCommitOrder = ["_load_ledger", "rejected", "curated", "sales_summary"];

    [Fact]
    public async Task Loaded_batches_survive_checkpoints_and_cleanup_of_old_commits()
    {
        using var data = new TempDirectory();
        var clock = new ManualClock(Start);
        var stage = new LoadStage(new LoadOptions(), AppId, data.Path, clock);
        const int loads = 14;
        for (var i = 0; i < loads; i++)
        {
            WriteBatch(data.Path, i);
            clock.Now = Start.AddDays(5 * i);
            var result = await stage.RunAsync();
            Assert.Equal(LoadStatus.Loaded, result.Status);
            Assert.Single(result.Batches);
            await CheckpointAndCleanAsync(data.Path, clock);
        }

        // The first loads' commits (and their commitInfo) are gone from every table's log.
        foreach (var table in TablesInCommitOrder)
        {
            Assert.False(File.Exists(Path.Combine(data.Path, "final", table, "_delta_log", "00000000000000000001.json")), $"{table}: commit 1 was not cleaned up");
        }

        clock.Now = clock.Now.AddDays(1);
        var rerun = await new LoadStage(new LoadOptions(), AppId, data.Path, clock).RunAsync();

        Assert.Equal(LoadStatus.NothingNew, rerun.Status);
        Assert.Equal(loads, rerun.LoadId);
        Assert.Empty(await stage.GetPendingBatchesAsync());
        // Each batch: two valid lines and one rejected line, each loaded once.
        Assert.Equal([[(2 * loads).ToString(CultureInfo.InvariantCulture), (2 * loads).ToString(CultureInfo.InvariantCulture)]],
            LoadStageTests.Query(data.Path, "SELECT count(*), count(DISTINCT invoiceno) FROM curated"));
        Assert.Equal([[loads.ToString(CultureInfo.InvariantCulture)]], LoadStageTests.Query(data.Path, "SELECT count(*) FROM rejected"));

        // One more batch after all that is loaded, alone.
        WriteBatch(data.Path, loads);
        var next = await stage.RunAsync();
        Assert.Equal([Key(loads)], next.Batches);
        Assert.Equal(loads + 1, next.LoadId);
    }

    /// <summary>
    /// A load dies after its first <paramref name="committed"/> commits (ledger, rejected, curated, summary), while
    /// another batch arrives; rerunning until nothing is new gives the tables of an uninterrupted run.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_load_interrupted_between_any_two_commits_reruns_to_exactly_once(int committed)
    {
        using var reference = new TempDirectory();
        using var crashed = new TempDirectory();
        var clock = new ManualClock(Start);
        foreach (var root in new[] { reference.Path, crashed.Path })
        {
            WriteBatch(root, 0);
            await new LoadStage(new LoadOptions(), AppId, root, clock).RunAsync();
            WriteBatch(root, 1);
            await new LoadStage(new LoadOptions(), AppId, root, clock).RunAsync();
        }

        // Undo the commits load 2 had not made yet when it died.
        foreach (var table in TablesInCommitOrder.Skip(committed))
        {
            var log = Path.Combine(crashed.Path, "final", table, "_delta_log");
            File.Delete(Directory.GetFiles(log, "*.json").Order(StringComparer.Ordinal).Last());
        }

        WriteBatch(reference.Path, 2);
        await new LoadStage(new LoadOptions(), AppId, reference.Path, clock).RunAsync();
        WriteBatch(crashed.Path, 2);
        LoadResult last;
        var runs = 0;
        do
        {
            last = await new LoadStage(new LoadOptions(), AppId, crashed.Path, clock).RunAsync();
            runs++;
        }
        while (last.Status == LoadStatus.Loaded && runs < 5);

        Assert.Equal(LoadStatus.NothingNew, last.Status);
        const string curated = "SELECT * FROM curated ORDER BY ALL";
        Assert.Equal(LoadStageTests.Query(reference.Path, curated), LoadStageTests.Query(crashed.Path, curated));
        Assert.Equal(6, LoadStageTests.Query(crashed.Path, curated).Count);
        // With no commit made, load 2 never happened: the rerun may take batches 1 and 2 together.
        const string rejected = "SELECT * EXCLUDE (load_id) FROM rejected ORDER BY ALL";
        Assert.Equal(LoadStageTests.Query(reference.Path, rejected), LoadStageTests.Query(crashed.Path, rejected));
        Assert.Equal(3, LoadStageTests.Query(crashed.Path, rejected).Count);
        const string summary = "SELECT * FROM sales_summary ORDER BY ALL";
        Assert.Equal(LoadStageTests.Query(reference.Path, summary), LoadStageTests.Query(crashed.Path, summary));
    }

    private static string Key(int i) => $"staging/2025/01/01/12/batch-{i:D3}.parquet";

    /// <summary>Batch i: two valid lines with invoices 2i+1 and 2i+2, and one line whose invoice number is not a number.</summary>
    private static void WriteBatch(string root, int i) =>
        StagingFiles.Write(root, Key(i),
        [
            StagingFiles.Line(invoiceNo: (2 * i + 1).ToString(CultureInfo.InvariantCulture), stockCode: "100001"),
            StagingFiles.Line(invoiceNo: (2 * i + 2).ToString(CultureInfo.InvariantCulture), stockCode: "100002", region: "Asia-Pacific", storeCountry: "Japan"),
            StagingFiles.Line(invoiceNo: $"bad{i}"),
        ], Start.AddMinutes(i));

    /// <summary>Checkpoints every table and deletes expired log files; log files written now get the test clock's time, which cleanup reads.</summary>
    private static async Task CheckpointAndCleanAsync(string root, ManualClock clock)
    {
        foreach (var name in TablesInCommitOrder)
        {
            var folder = Path.Combine(root, "final", name);
            var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(folder), new DeltaTableOptions { TimeProvider = clock });
            await table.CheckpointAsync();
            foreach (var file in Directory.GetFiles(Path.Combine(folder, "_delta_log")))
            {
                if (File.GetLastWriteTimeUtc(file) > clock.Now.UtcDateTime)
                {
                    File.SetLastWriteTimeUtc(file, clock.Now.UtcDateTime);
                }
            }

            await table.CleanupLogAsync();
        }
    }
}
