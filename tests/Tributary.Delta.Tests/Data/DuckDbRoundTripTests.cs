using DuckDB.NET.Data;

namespace Tributary.Delta.Tests.Data;

/// <summary>
/// The Parquet files of a table written by this library, read by DuckDB's <c>read_parquet</c> with the partition
/// columns taken from the snapshot, hold exactly the rows this library reads, after every kind of write.
/// </summary>
public sealed class DuckDbRoundTripTests
{
    private static readonly string[] Columns = ["id", "region", "name", "small", "flag", "score", "amount", "day", "ts"];

    [Fact]
    public async Task DuckDb_reads_the_same_rows_after_append_overwrite_merge_delete_optimize_and_checkpoint()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(SampleData.Schema, ["region"], new Dictionary<string, string> { ["delta.checkpointInterval"] = "5" });

        await table.AppendAsync(SampleData.Rows(0, 50));
        await AssertSameAsync(table);
        await table.OverwriteAsync(SampleData.Rows(100, 11).Take([0, 5, 10]), DeltaPredicate.Equal("region", "eu west"));
        await AssertSameAsync(table);
        await table.MergeAsync(SampleData.Rows(20, 20, "-m"), new DeltaMergeOptions { KeyColumns = ["id"], PreserveOnUpdate = ["day"] });
        await AssertSameAsync(table);
        await table.DeleteAsync(DeltaPredicate.Or(DeltaPredicate.LessThan("id", 5L), DeltaPredicate.IsNull("region")));
        await AssertSameAsync(table);
        await table.AppendAsync(SampleData.Rows(200, 10));
        Assert.True(File.Exists(Path.Combine(fixture.Path, "_delta_log", "00000000000000000005.checkpoint.parquet")));
        await AssertSameAsync(table);
        await table.OptimizeAsync();
        await AssertSameAsync(table);
        await table.OverwriteAsync(SampleData.Rows(300, 7));
        await AssertSameAsync(table);
    }

    private static async Task AssertSameAsync(DeltaTable table)
    {
        var snapshot = await table.GetSnapshotAsync();
        var ours = RowText.Of(await snapshot.ReadAllAsync(), Columns);
        var theirs = new List<string>();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        foreach (var file in await snapshot.GetFilesAsync())
        {
            var region = file.PartitionValues["region"] is string r ? "'" + r.Replace("'", "''", StringComparison.Ordinal) + "'" : "NULL::VARCHAR";
            var path = Path.Combine(table.Storage.Location, file.Path).Replace("'", "''", StringComparison.Ordinal);
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT concat_ws('|',
                    coalesce(CAST(id AS VARCHAR), 'null'), coalesce({region}, 'null'), coalesce(name, 'null'),
                    coalesce(CAST(small AS VARCHAR), 'null'), coalesce(CAST(flag AS VARCHAR), 'null'),
                    coalesce(CAST(score AS VARCHAR), 'null'), coalesce(CAST(amount AS VARCHAR), 'null'),
                    coalesce(strftime(day, '%Y-%m-%d'), 'null'), coalesce(CAST(epoch_us(ts) AS VARCHAR), 'null'))
                FROM read_parquet('{path}')
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                theirs.Add(reader.GetString(0));
            }
        }

        Assert.Equal(ours, RowText.Sorted(theirs));
    }
}
