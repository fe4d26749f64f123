using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Tributary.Aws.Delta;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.Storage;
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
        var aws = await LocalAws.OptionsAsync(kinesis: true);
        using var folder = new TempDirectory("run-aws");
        var bucket = LocalAws.UniqueName("run");
        var streamName = LocalAws.UniqueName("stream");
        var checkpointTable = LocalAws.UniqueName("checkpoints");
        var commitTable = LocalAws.UniqueName("delta_log");

        var localConfig = folder.Combine("local.json");
        await File.WriteAllTextAsync(localConfig, "{ \"Storage\": { \"DataRoot\": \"./local\" },\n" + Common("local", streamName) + "}");
        var awsConfig = folder.Combine("aws.json");
        await File.WriteAllTextAsync(awsConfig, $$"""
            {
              "Storage": { "DataRoot": "./aws-state", "ObjectStore": { "Transport": "s3", "Bucket": "{{bucket}}", "Prefix": "retail/" } },
              "Aws": {
                "EndpointUrl": "{{aws.EndpointUrl}}", "KinesisEndpointUrl": "{{aws.KinesisEndpointUrl}}", "S3ForcePathStyle": true,
                "CheckpointTableName": "{{checkpointTable}}", "CommitStore": "DynamoDb", "CommitTableName": "{{commitTable}}"
              },
            {{Common("kinesis", streamName)}}
            }
            """);

        // The AWS resources a deployment's template would create.
        using (var factory = new AwsClientFactory(aws))
        {
            using var s3 = factory.CreateS3Client();
            await s3.PutBucketAsync(bucket);
            using var dynamoDb = factory.CreateDynamoDbClient();
            await DynamoDbCommitStore.EnsureTableAsync(dynamoDb, commitTable);
            await new Tributary.Aws.Kinesis.DynamoDbShardCheckpointStore(dynamoDb, checkpointTable).EnsureTableAsync();
            var kinesis = factory.CreateKinesisClient();
            await kinesis.CreateStreamAsync(streamName, 2);
            await kinesis.WaitForActiveAsync(streamName, TimeSpan.FromSeconds(30));
        }

        var generated = await CliProcess.RunAsync(folder.Path, RunTimeout, "generate", "--config", localConfig, "--rows", (Records / Files).ToString(CultureInfo.InvariantCulture), "--files", Files.ToString(CultureInfo.InvariantCulture), "--seed", "6", "--format", "jsonl");
        Assert.True(generated.ExitCode == 0, generated.All);
        await UploadSourceAsync(aws, bucket, folder.Combine("local"));

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
        await DownloadAsync(aws, bucket, "retail/", "staging/", remoteStaging);
        AssertSameRows(folder.Combine("local", "staging"), remoteStaging);
    }

    private static string Common(string transport, string streamName) =>
        CommonSections.Replace("STREAM", streamName, StringComparison.Ordinal).Replace("TRANSPORT", transport, StringComparison.Ordinal);

    private static async Task UploadSourceAsync(AwsOptions aws, string bucket, string dataRoot)
    {
        using var factory = new AwsClientFactory(aws);
        using var s3 = factory.CreateS3Client();
        var remote = factory.CreateObjectStore(bucket, "retail/", s3);
        var local = new LocalObjectStore(dataRoot);
        await foreach (var item in local.ListAsync("source/"))
        {
            await using var read = await local.OpenReadAsync(item.Key);
            await using var write = await remote.CreateAsync(item.Key);
            await read.CopyToAsync(write);
        }
    }

    private static async Task DownloadAsync(AwsOptions aws, string bucket, string prefix, string keyPrefix, string target)
    {
        using var factory = new AwsClientFactory(aws);
        using var s3 = factory.CreateS3Client();
        var remote = factory.CreateObjectStore(bucket, prefix, s3);
        var local = new LocalObjectStore(target);
        await foreach (var item in remote.ListAsync(keyPrefix))
        {
            await using var read = await remote.OpenReadAsync(item.Key);
            await using var write = await local.CreateAsync(item.Key);
            await read.CopyToAsync(write);
        }
    }

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
