using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Tributary.Aws.Composition;
using Tributary.Aws.Delta;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Integration;

/// <summary>
/// Two real processes append to and merge into one Delta table in an S3 bucket at the same time, each through the
/// commit store the configuration selects (Aws:CommitStore), against the serial moto (see
/// <see cref="LocalAws.SerialMotoAsync"/>): no commit is lost, none is written twice, the versions are contiguous
/// and the rows are exactly what the writers wrote.
/// </summary>
public sealed class TwoProcessCommitRaceTests
{
    private const int Workers = 2;
    private const int Operations = 6;
    private const string TableKey = "final/race";

    [SkippableTheory]
    [InlineData("S3ConditionalWrite")]
    [InlineData("DynamoDb")]
    public async Task TwoProcessesCommittingToOneS3Table_LoseAndDuplicateNothing(string commitStore)
    {
        var aws = await LocalAws.OptionsAsync(serial: true);
        var bucket = LocalAws.UniqueName("race");
        var commitTable = LocalAws.UniqueName("delta_log");
        using var state = new TempDirectory("race");
        var options = new TributaryOptions
        {
            Storage = new StorageOptions
            {
                DataRoot = state.Path,
                ObjectStore = new ObjectStoreOptions { Transport = ObjectStoreTransport.S3, Bucket = bucket },
            },
            Aws = aws,
        };
        aws.CommitStore = commitStore;
        aws.CommitTableName = commitTable;
        await using var transports = PipelineTransports.Create(options);
        using (var factory = new AwsClientFactory(aws))
        {
            using var s3 = factory.CreateS3Client();
            await s3.PutBucketAsync(bucket);
            if (commitStore == "DynamoDb")
            {
                using var dynamoDb = factory.CreateDynamoDbClient();
                await DynamoDbCommitStore.EnsureTableAsync(dynamoDb, commitTable);
            }
        }

        var schema = new StructType(
            new StructField("bucket", PrimitiveType.Integer),
            new StructField("id", PrimitiveType.Long),
            new StructField("writer", PrimitiveType.Integer),
            new StructField("value", PrimitiveType.String));
        await DeltaTable.CreateAsync(transports.OpenTableStorage(TableKey), schema, ["bucket"], options: transports.TableOptions(TableKey));

        var outputs = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => RunWorkerAsync(aws.EndpointUrl!, bucket, commitStore, commitTable, w)));

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, $"worker failed ({o.ExitCode}): {o.Error}\n{o.Output}"));
        const int lastVersion = Workers * Operations;

        // Every commit file is there once, numbered 0..N without a gap, and each carries one distinct (writer, op).
        var commits = new List<string>();
        await foreach (var item in transports.ObjectStore.ListAsync(TableKey + "/_delta_log/"))
        {
            if (item.Key.EndsWith(".json", StringComparison.Ordinal) && !item.Key.Contains("/.tmp/", StringComparison.Ordinal))
            {
                commits.Add(item.Key);
            }
        }

        Assert.Equal(
            Enumerable.Range(0, lastVersion + 1).Select(v => $"{TableKey}/_delta_log/{v:D20}.json"),
            commits);
        var transactions = new List<string>();
        foreach (var key in commits.Skip(1))
        {
            transactions.Add(await TransactionOfAsync(transports, key));
        }

        Assert.Equal(
            Enumerable.Range(0, Workers).SelectMany(w => Enumerable.Range(0, Operations).Select(op => $"worker-{w}:{op}")).Order(StringComparer.Ordinal),
            transactions.Order(StringComparer.Ordinal));

        // The table reads back with exactly the rows written: appends of 10 ids, merges updating 5 and inserting 5.
        var table = await DeltaTable.OpenAsync(transports.OpenTableStorage(TableKey), transports.TableOptions(TableKey));
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(lastVersion, snapshot.Version);
        for (var w = 0; w < Workers; w++)
        {
            Assert.Equal(Operations - 1, snapshot.GetAppTransactionVersion($"worker-{w}"));
        }

        var rows = await snapshot.ReadAllAsync();
        var ids = rows.Column<long?>("id");
        Assert.Equal(Workers * ((Operations / 2 * 10) + (Operations / 2 * 5)), rows.RowCount);
        Assert.Equal(rows.RowCount, ids.Distinct().Count());
        var values = rows.Column<string?>("value");
        var updated = Enumerable.Range(0, rows.RowCount).Where(r => ids[r] % 100_000 < 5).Select(r => values[r]).ToList();
        Assert.Equal(Workers * 5, updated.Count);
        Assert.All(updated, v => Assert.Equal($"merge-{Operations - 1}", v));

        if (commitStore == "DynamoDb")
        {
            await AssertCommitTableCompleteAsync(aws, commitTable, transports.CommitTablePath(TableKey), lastVersion);
        }
    }

    private static async Task AssertCommitTableCompleteAsync(AwsOptions aws, string commitTable, string tablePath, int lastVersion)
    {
        using var factory = new AwsClientFactory(aws);
        using var dynamoDb = factory.CreateDynamoDbClient();
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = commitTable,
            KeyConditionExpression = "tablePath = :p",
            ExpressionAttributeValues = new() { [":p"] = new AttributeValue { S = tablePath } },
            ConsistentRead = true,
        });
        Assert.Equal(Enumerable.Range(0, lastVersion + 1).Select(v => $"{v:D20}.json"), response.Items.Select(i => i["fileName"].S));
        Assert.All(response.Items, i => Assert.Equal("true", i["complete"].S));
    }

    private static async Task<string> TransactionOfAsync(PipelineTransports transports, string key)
    {
        await using var stream = await transports.ObjectStore.OpenReadAsync(key);
        using var reader = new StreamReader(stream);
        string? transaction = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            using var action = JsonDocument.Parse(line);
            if (action.RootElement.TryGetProperty("txn", out var txn))
            {
                Assert.Null(transaction);
                transaction = $"{txn.GetProperty("appId").GetString()}:{txn.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return transaction ?? throw new Xunit.Sdk.XunitException($"{key} has no txn action.");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunWorkerAsync(string endpoint, string bucket, string commitStore, string commitTable, int worker)
    {
        // The worker builds beside this project with the same configuration (see the ProjectReference).
        var dll = Path.Combine(
            AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}Tributary.Aws.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}Tributary.Aws.CommitWorker{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
            "Tributary.Aws.CommitWorker.dll");
        Assert.True(File.Exists(dll), $"The worker was not built: {dll}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, commitStore, endpoint, bucket, TableKey, commitTable, worker.ToString(CultureInfo.InvariantCulture), Operations.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        // The fake credentials of FakeCredentials are in this process's environment, which the child inherits.
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"worker {worker} did not finish within 3 minutes: {await output}");
        }

        return (process.ExitCode, await output, await error);
    }
}
