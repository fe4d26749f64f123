using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Data;

/// <summary>Spark-written tables read back with the documented rows (golden/INDEX.md, dat/INDEX.md).</summary>
public sealed class DataConformanceTests
{
    public static TheoryData<int> Tables => GoldenData.Indexes();

    [SkippableTheory]
    [MemberData(nameof(Tables))]
    public async Task Table_reads_the_documented_rows(int index)
    {
        var expected = GoldenData.All[index];
        var snapshot = await (await Open(expected.Table)).GetSnapshotAsync(expected.Version);
        var batch = await snapshot.ReadAllAsync();
        var actual = RowText.Of(batch, expected.Columns);
        var wanted = RowText.Sorted(expected.Rows);
        if (expected.Table.EndsWith("log-replay-latest-metadata-protocol", StringComparison.Ordinal))
        {
            // col2 = col1 % 2 for the second half; only the count of nulls is documented exactly.
            Assert.Equal(40, actual.Count);
            Assert.Equal(20, actual.Count(r => r == "null"));
            return;
        }

        Assert.True(wanted.SequenceEqual(actual), $"Expected:\n{string.Join("\n", wanted)}\nActual:\n{string.Join("\n", actual)}");
    }

    [SkippableFact]
    public async Task Parquet_decimal_table_reads_every_row_with_the_documented_formula()
    {
        var snapshot = await (await Open("golden/parquet-decimal-type")).GetSnapshotAsync();
        var batch = await snapshot.ReadAllAsync();
        Assert.Equal(99_998, batch.RowCount);
        var ids = batch.Column<int?>("id");
        var col1 = batch.Column<decimal?>("col1");
        var col2 = batch.Column<decimal?>("col2");
        for (var r = 0; r < batch.RowCount; r++)
        {
            var i = ids[r]!.Value;
            if (i % 85 == 0)
            {
                Assert.Equal(i / 10m, col1[r]);
                Assert.Equal((decimal)i, col2[r]);
            }
            else
            {
                var n = i % 33 == 0 ? -i : i;
                Assert.Equal(n / 10m, col1[r]);
            }
        }
    }

    [SkippableFact]
    public async Task A_partition_filter_prunes_files_and_rows()
    {
        var snapshot = await (await Open("golden/kernel-timestamp-partition-col-ISO8601")).GetSnapshotAsync();
        var filter = DeltaPredicate.Equal("ts", DateTimeOffset.FromUnixTimeMilliseconds(1704103200000));
        var files = await snapshot.GetFilesAsync(filter);
        Assert.Single(files);
        var batch = await snapshot.ReadAllAsync(new DeltaReadOptions { Filter = filter });
        Assert.Equal(["1704103200000000"], RowText.Of(batch, "ts"));
    }

    [SkippableFact]
    public async Task Stats_skip_files_whose_range_cannot_match()
    {
        var snapshot = await (await Open("golden/kernel-resources/basic-with-checkpoint")).GetSnapshotAsync();
        var files = await snapshot.GetFilesAsync(DeltaPredicate.Equal("id", 42L));
        Assert.InRange(files.Count, 1, 2);
        var batch = await snapshot.ReadAllAsync(new DeltaReadOptions { Filter = DeltaPredicate.Equal("id", 42L) });
        Assert.Equal(["42"], RowText.Of(batch, "id"));
    }

    [SkippableFact]
    public async Task Column_projection_returns_only_the_requested_columns_in_order()
    {
        var snapshot = await (await Open("golden/hive/deltatbl-partition-prune")).GetSnapshotAsync();
        var batch = await snapshot.ReadAllAsync(new DeltaReadOptions { Columns = ["cnt", "city"], Filter = DeltaPredicate.Equal("city", "hz") });
        Assert.Equal(["cnt", "city"], batch.Schema.Fields.Select(f => f.Name));
        Assert.Equal(["3|hz", "7|hz"], RowText.Of(batch));
    }

    private static Task<DeltaTable> Open(string table) =>
        DeltaTable.OpenAsync(new LocalDeltaStorage(SharedFolder.Require(["delta", .. table.Split('/')])));
}
