using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.TestSupport;
using Xunit.Abstractions;

namespace Tributary.Aws.Tests.Integration;

/// <summary>
/// <c>tributary run</c>, the binary as a user runs it, once on the embedded transports and once on S3 (moto), a
/// Kinesis stream (kinesalite) with DynamoDB checkpoints and the DynamoDB Delta commit store, over the same 50,000
/// generated records: both runs must end with the same rows.
/// </summary>
public sealed class RunOnAwsEndToEndTests(ITestOutputHelper output)
{
    private const int Records = 50_000;
    private const int Files = 4;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Settings both runs share, so that only the transports differ.</summary>
    private const string CommonSections = """
        "Stream": { "Name": "STREAM", "ShardCount": 2, "FlushToDisk": false, "Transport": "TRANSPORT" },
        "Process": { "BatchSize": 5000 },
        "Deliver": { "BufferSizeInMBs": 16 }
        """;

    [SkippableFact]
    public async Task Run_OnS3KinesisAndDynamoDb_EndsWithTheSameRowsAsTheEmbeddedRun()
    {
        var pipeline = await AwsPipeline.CreateAsync();
        var (aws, bucket, streamName, commitTable) = (pipeline.Aws, pipeline.Bucket, pipeline.StreamName, pipeline.CommitTable);
        using var folder = new TempDirectory("run-aws");
        var localConfig = folder.Combine("local.json");
        await File.WriteAllTextAsync(localConfig, "{ \"Storage\": { \"DataRoot\": \"./local\" },\n" + Common("local", streamName) + "}");
        var awsConfig = folder.Combine("aws.json");
        await File.WriteAllTextAsync(awsConfig, pipeline.Configuration("./aws-state", Common("kinesis", streamName)));

        var generated = await CliProcess.RunAsync(folder.Path, RunTimeout, "generate", "--config", localConfig, "--rows", (Records / Files).ToString(CultureInfo.InvariantCulture), "--files", Files.ToString(CultureInfo.InvariantCulture), "--seed", "6", "--format", "jsonl");
        Assert.True(generated.ExitCode == 0, generated.All);
        await pipeline.UploadSourceAsync(folder.Combine("local"));

        var runs = await Task.WhenAll(
            CliProcess.RunAsync(folder.Path, RunTimeout, "run", "--config", localConfig, "--format", "json"),
            CliProcess.RunAsync(folder.Path, RunTimeout, "run", "--config", awsConfig, "--format", "json", "--verbose"));
        var (local, remote) = (runs[0], runs[1]);
        output.WriteLine("embedded: " + local.Out);
        output.WriteLine("aws: " + remote.All);
        Assert.True(local.ExitCode == 0, local.All);
        Assert.True(remote.ExitCode == 0, remote.All);
        using var localReport = JsonDocument.Parse(local.Out);
        using var remoteReport = JsonDocument.Parse(remote.Out);
        foreach (var count in new[] { "files", "records", "recordsProcessed", "rows" })
        {
            Assert.Equal(localReport.RootElement.GetProperty(count).GetInt64(), remoteReport.RootElement.GetProperty(count).GetInt64());
        }

        Assert.Equal(Records, remoteReport.RootElement.GetProperty("records").GetInt64());
        Assert.Contains("Kinesis stream '" + streamName + "'", remote.Error, StringComparison.Ordinal);
        Assert.Contains("Delta commits DynamoDB '" + commitTable + "'", remote.Error, StringComparison.Ordinal);

        // The same staged rows (what the stream and delivery path carried), compared by DuckDB over both stagings.
        var remoteStaging = folder.Combine("aws-staging");
        await pipeline.DownloadAsync("staging/", remoteStaging);
        AssertSameRows(folder.Combine("local", "staging"), remoteStaging);

        // The same final rows, read back as a user would: 'tributary query' against each configuration.
        Assert.True(remoteReport.RootElement.GetProperty("load").GetProperty("rowsInserted").GetInt64() > 0, remote.Out);
        foreach (var sql in FinalQueries)
        {
            var expected = await CliProcess.RunAsync(folder.Path, RunTimeout, "query", "--config", localConfig, "--format", "csv", sql);
            var actual = await CliProcess.RunAsync(folder.Path, RunTimeout, "query", "--config", awsConfig, "--format", "csv", sql);
            Assert.True(expected.ExitCode == 0, expected.All);
            Assert.True(actual.ExitCode == 0, actual.All);
            Assert.True(expected.Out.Split('\n').Length > 100, $"{sql}: too few rows to compare: {expected.Out}");
            Assert.Equal(expected.Out, actual.Out);
        }

        // The curated table's commits went through the DynamoDB commit table, every entry completed.
        var history = await CliProcess.RunAsync(folder.Path, RunTimeout, "history", "curated", "--config", awsConfig, "--format", "json");
        Assert.True(history.ExitCode == 0, history.All);
        using var commits = JsonDocument.Parse(history.Out);
        // Created, then written by the load (an append or a MERGE, whichever the load stage chose).
        Assert.True(commits.RootElement.GetArrayLength() >= 2, history.Out);
        Assert.Contains(commits.RootElement.EnumerateArray(), c => c.GetProperty("operation").GetString() == "CREATE TABLE");
        await AssertCommitEntriesCompleteAsync(aws, commitTable, $"s3a://{bucket}/retail/final/curated", commits.RootElement.GetArrayLength());
    }

    /// <summary>
    /// Curated rows without what belongs to one load or one transport (the load's timestamps, the staging object's
    /// name, the stream's arrival time), and the whole sales summary, in a stable order.
    /// </summary>
    private static readonly string[] FinalQueries =
    [
        "SELECT COLUMNS(c -> c NOT IN ('create_ts', 'update_ts', 'processing_delay', '_staging_file', '_arrival_time')) FROM curated ORDER BY ALL",
        "SELECT * FROM sales_summary ORDER BY ALL",
    ];

    private static async Task AssertCommitEntriesCompleteAsync(AwsOptions aws, string commitTable, string tablePath, int versions)
    {
        using var factory = new AwsClientFactory(aws);
        using var dynamoDb = factory.CreateDynamoDbClient();
        var response = await dynamoDb.QueryAsync(new Amazon.DynamoDBv2.Model.QueryRequest
        {
            TableName = commitTable,
            KeyConditionExpression = "tablePath = :p",
            ExpressionAttributeValues = new() { [":p"] = new Amazon.DynamoDBv2.Model.AttributeValue { S = tablePath } },
            ConsistentRead = true,
        });
        Assert.Equal(versions, response.Items.Count);
        Assert.All(response.Items, i => Assert.Equal("true", i["complete"].S));
    }

    private static string Common(string transport, string streamName) =>
        CommonSections.Replace("STREAM", streamName, StringComparison.Ordinal).Replace("TRANSPORT", transport, StringComparison.Ordinal);

    /// <summary>Both folders of Parquet files hold the same multiset of rows (stream metadata aside).</summary>
    private static void AssertSameRows(string expectedFolder, string actualFolder)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"CREATE VIEW expected AS SELECT * FROM read_parquet('{Glob(expectedFolder)}', union_by_name = true)");
        Execute(connection, $"CREATE VIEW actual AS SELECT * FROM read_parquet('{Glob(actualFolder)}', union_by_name = true)");
        var columns = new List<string>();
        using (var reader = Query(connection, "SELECT column_name FROM (DESCRIBE expected) ORDER BY column_name"))
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        // Shard, sequence number and arrival time belong to the transport, not to the data.
        var compared = string.Join(", ", columns.Where(c => c is not ("_shard" or "_sequence_number" or "_arrival_time")).Select(c => $"\"{c}\""));
        Assert.Equal(Scalar(connection, "SELECT count(*) FROM expected"), Scalar(connection, "SELECT count(*) FROM actual"));
        Assert.Equal(0L, Scalar(connection, $"SELECT count(*) FROM (SELECT {compared} FROM expected EXCEPT ALL SELECT {compared} FROM actual)"));
        Assert.Equal(0L, Scalar(connection, $"SELECT count(*) FROM (SELECT {compared} FROM actual EXCEPT ALL SELECT {compared} FROM expected)"));
    }

    private static string Glob(string folder) => Path.Combine(folder, "**", "*.parquet").Replace("'", "''", StringComparison.Ordinal);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static DbDataReader Query(DuckDBConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteReader();
    }

    private static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
