using DuckDB.NET.Data;
using Tributary.Delta.Actions;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Log;

/// <summary>Everything the writer puts in the log follows the protocol notes, and its checkpoints are plain
/// Parquet in Spark's checkpoint schema that another engine (DuckDB) reads.</summary>
public sealed class WriterOutputTests
{
    [Fact]
    public async Task Every_commit_the_writer_produces_passes_the_log_line_validator()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path, new Dictionary<string, string> { ["delta.checkpointInterval"] = "3" });
        var odd = TestTables.Add("odd file #1", "with space/and %");
        await TestTables.AppendAsync(table, odd, TestTables.Add("n", null), TestTables.Add("emoji", "😈"));
        var overwrite = await table.BeginTransactionAsync();
        overwrite.ReadWholeTable();
        overwrite.Remove(TestTables.RemoveOf(odd));
        overwrite.SetAppTransaction("app", 1);
        await overwrite.CommitAsync("WRITE", new Dictionary<string, object?> { ["mode"] = "Overwrite", ["predicate"] = new[] { "part = 'x'" } });
        var evolve = await table.BeginTransactionAsync();
        var schema = TestTables.Schema with { Fields = [.. TestTables.Schema.Fields, new Schema.StructField("extra", Schema.PrimitiveType.Double)] };
        evolve.SetMetadata(evolve.ReadSnapshot.Metadata with { SchemaString = DeltaSchemaJson.Serialize(schema) });
        await evolve.CommitAsync("WRITE", extraCommitInfo: new Dictionary<string, object?> { ["operationMetrics"] = new Dictionary<string, object?> { ["numFiles"] = "0" } });

        var commits = Directory.GetFiles(dir.Combine("_delta_log"), "*.json").Order().ToList();
        Assert.Equal(4, commits.Count);
        foreach (var commit in commits)
        {
            LogLineValidator.ValidateCommit(await File.ReadAllBytesAsync(commit), ["part"], Path.GetFileName(commit));
        }

        Assert.True(File.Exists(dir.Combine("_delta_log", "00000000000000000003.checkpoint.parquet")));
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(["id", "part", "extra"], snapshot.Schema.Fields.Select(f => f.Name));
        Assert.Equal(["part=__HIVE_DEFAULT_PARTITION__/n.parquet", "part=😈/emoji.parquet"], snapshot.Files.Select(DeltaSnapshot.GetStoragePath).Order(StringComparer.Ordinal));
        Assert.Equal("part=with space/and %/odd file #1.parquet", DeltaPaths.Decode(odd.Path));

        // The tombstone (deleted in 2023) is past delta.deletedFileRetentionDuration, so checkpoint 3 dropped it.
        Assert.Empty(snapshot.Tombstones);
        Assert.Single((await table.GetSnapshotAsync(2)).Tombstones);
    }

    [Fact]
    public async Task Checkpoints_are_parquet_with_sparks_action_structs_maps_and_lists()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path, new Dictionary<string, string> { ["delta.checkpointInterval"] = "2" });
        await TestTables.AppendAsync(table, TestTables.Add("a", "x"), TestTables.Add("b", null));
        var transaction = await table.BeginTransactionAsync();
        transaction.SetAppTransaction("app-1", 4);
        transaction.Add(TestTables.Add("c", "y"));
        Assert.True((await transaction.CommitAsync("WRITE")).CheckpointWritten);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var file = dir.Combine("_delta_log", "00000000000000000002.checkpoint.parquet").Replace("'", "''", StringComparison.Ordinal);
        using var describe = connection.CreateCommand();
        describe.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}'))";
        var columns = new Dictionary<string, string>();
        using (var reader = describe.ExecuteReader())
        {
            while (reader.Read())
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal(["txn", "add", "remove", "metaData", "protocol", "domainMetadata"], columns.Keys);
        Assert.StartsWith("STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN", columns["add"], StringComparison.Ordinal);
        Assert.Contains("partitionColumns VARCHAR[]", columns["metaData"], StringComparison.Ordinal);
        Assert.StartsWith("STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER", columns["protocol"], StringComparison.Ordinal);

        using var query = connection.CreateCommand();
        query.CommandText = $"""
            SELECT count(*) FILTER (WHERE "add" IS NOT NULL),
                   count(*) FILTER (WHERE "add".partitionValues['part'] IS NULL AND "add" IS NOT NULL),
                   max(txn.version) FILTER (WHERE txn.appId = 'app-1'),
                   max(metaData.partitionColumns[1]),
                   max(protocol.minWriterVersion),
                   count(*) FILTER (WHERE ((txn IS NOT NULL)::INT + ("add" IS NOT NULL)::INT + (remove IS NOT NULL)::INT + (metaData IS NOT NULL)::INT + (protocol IS NOT NULL)::INT + (domainMetadata IS NOT NULL)::INT) <> 1)
            FROM read_parquet('{file}')
            """;
        using var row = query.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal(3L, Convert.ToInt64(row.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, Convert.ToInt64(row.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4L, Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("part", row.GetString(3));
        Assert.Equal(2, Convert.ToInt32(row.GetValue(4), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(row.GetValue(5), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Log_cleanup_keeps_the_newest_expired_checkpoint_and_everything_after()
    {
        using var dir = new TempDirectory();
        var table = await TestTables.CreateAsync(dir.Path);
        for (var i = 1; i <= 24; i++)
        {
            await TestTables.AppendAsync(table, TestTables.Add($"f{i}"));
        }

        var old = DateTime.UtcNow.AddDays(-40);
        for (var v = 0; v <= 15; v++)
        {
            File.SetLastWriteTimeUtc(dir.Combine("_delta_log", $"{v:D20}.json"), old.AddMinutes(v));
        }

        var deleted = await table.CleanupLogAsync();

        Assert.Equal(10, deleted);
        Assert.False(File.Exists(dir.Combine("_delta_log", $"{9:D20}.json")));
        Assert.True(File.Exists(dir.Combine("_delta_log", $"{10:D20}.json")));
        Assert.True(File.Exists(dir.Combine("_delta_log", $"{10:D20}.checkpoint.parquet")));
        Assert.Equal(24, (await table.GetSnapshotAsync()).Files.Count);
        Assert.Equal(10, (await table.GetSnapshotAsync(10)).Files.Count);
        await Assert.ThrowsAsync<DeltaException>(() => table.GetSnapshotAsync(9));
        Assert.Equal(0, await table.CleanupLogAsync());
    }

    [Fact]
    public async Task Tables_with_invariants_or_unknown_writer_features_refuse_commits()
    {
        using var dir = new TempDirectory();
        var schema = new Schema.StructType(new Schema.StructField("id", Schema.PrimitiveType.Long, true, "{\"delta.invariants\":\"{\\\"expression\\\":{\\\"expression\\\":\\\"id > 0\\\"}}\"}"), new Schema.StructField("v", Schema.PrimitiveType.String));
        await Assert.ThrowsAsync<DeltaProtocolException>(() => DeltaTable.CreateAsync(new LocalDeltaStorage(dir.Path), schema));

        var commit = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"appendOnly\",\"rowTracking\"]}}\n"
            + "{\"metaData\":{\"id\":\"" + Guid.NewGuid() + "\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[],\"configuration\":{}}}\n";
        Directory.CreateDirectory(dir.Combine("_delta_log"));
        await File.WriteAllTextAsync(dir.Combine("_delta_log", $"{0:D20}.json"), commit);
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(dir.Path));
        var transaction = await table.BeginTransactionAsync();
        transaction.Add(new AddFile("x.parquet", new Dictionary<string, string?>(), 1, 1, true));
        var error = await Assert.ThrowsAsync<DeltaProtocolException>(() => transaction.CommitAsync("WRITE"));
        Assert.Equal("rowTracking", error.Feature);
    }
}
