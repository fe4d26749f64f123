using System.Text;
using Amazon.DynamoDBv2.Model;
using Tributary.Aws.Composition;
using Tributary.Aws.Delta;
using Tributary.Aws.Tests.Fixtures;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Storage;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Delta;

/// <summary>
/// A writer that crashes during a table's first commit through the DynamoDB commit table leaves the version decided
/// (an incomplete entry and a temp file) and no <c>_delta_log/00000000000000000000.json</c>. Table discovery must
/// finish that commit, not take the table for absent.
/// </summary>
public sealed class FirstCommitRecoveryTests
{
    private const string FirstCommit = "final/curated/_delta_log/00000000000000000000.json";

    [SkippableFact]
    public async Task Discovery_finishes_a_first_commit_a_crashed_writer_left_and_finds_the_table()
    {
        await using var setup = await CrashedFirstCommit.CreateAsync();
        var storage = new ObjectStoreDeltaStorage(setup.Transports.ObjectStore, "final/curated");

        // The storage alone shows no table: this is what used to be taken for "no table yet".
        Assert.False(await DeltaTable.ExistsAsync(storage));
        Assert.True(await DeltaTable.ExistsAsync(storage, setup.Transports.TableOptions("final/curated")));

        Assert.Equal(setup.Version0, await setup.ReadAsync(FirstCommit));
        Assert.Equal("true", (await setup.EntryAsync())["complete"].S);
        var table = await DeltaTable.TryOpenAsync(storage, setup.Transports.TableOptions("final/curated"));
        Assert.NotNull(table);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
    }

    [SkippableFact]
    public async Task Query_registers_the_table_whose_first_commit_was_left_half_done()
    {
        await using var setup = await CrashedFirstCommit.CreateAsync();
        using var session = setup.Transports.OpenQuerySession();

        var registered = await setup.Transports.TryRegisterFinalTableAsync(session, "curated");

        Assert.NotNull(registered);
        Assert.Equal(0, registered.Value.Snapshot.Version);
        Assert.Equal(setup.Version0, await setup.ReadAsync(FirstCommit));
        using var reader = session.Execute("SELECT count(*) FROM curated");
        Assert.True(reader.Read());
        Assert.Equal(0L, reader.GetInt64(0));
    }

    /// <summary>S3 (moto) and a DynamoDB commit table, with <c>final/curated</c>'s version 0 decided but not copied.</summary>
    private sealed class CrashedFirstCommit : IAsyncDisposable
    {
        private readonly S3WithCommitTable _aws;

        private CrashedFirstCommit(S3WithCommitTable aws, PipelineTransports transports, DynamoDbCommitStore commits, string version0)
        {
            _aws = aws;
            Transports = transports;
            Commits = commits;
            Version0 = version0;
        }

        public PipelineTransports Transports { get; }

        public DynamoDbCommitStore Commits { get; }

        public string Version0 { get; }

        public static async Task<CrashedFirstCommit> CreateAsync()
        {
            var aws = await S3WithCommitTable.CreateAsync("recovery-cache");
            var transports = PipelineTransports.Create(aws.Options);
            var commits = Assert.IsType<DynamoDbCommitStore>(transports.CreateCommitStore("final/curated"));

            // A real version 0, as the crashed writer had prepared it.
            string version0;
            using (var local = new TempDirectory("version0"))
            {
                var schema = new StructType([new StructField("invoiceno", PrimitiveType.Long), new StructField("region", PrimitiveType.String)]);
                await DeltaTable.CreateAsync(new LocalDeltaStorage(local.Path), schema, ["region"]);
                version0 = await File.ReadAllTextAsync(Path.Combine(local.Path, "_delta_log", "00000000000000000000.json"));
            }

            // What a writer leaves when it dies between claiming the version and copying the commit file.
            const string tempPath = ".tmp/00000000000000000000.json.0b8f5a52-0000-4000-8000-000000000000";
            await IncompleteCommit.LeaveAsync(
                transports.ObjectStore, aws.DynamoDb, aws.CommitTableName, commits.TablePath, "final/curated", "00000000000000000000.json", tempPath, version0);
            return new CrashedFirstCommit(aws, transports, commits, version0);
        }

        public async Task<string?> ReadAsync(string key)
        {
            if (await Transports.ObjectStore.GetInfoAsync(key) is null)
            {
                return null;
            }

            await using var stream = await Transports.ObjectStore.OpenReadAsync(key);
            return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        }

        public async Task<Dictionary<string, AttributeValue>> EntryAsync() =>
            (await _aws.DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = Commits.TableName,
                Key = new() { ["tablePath"] = new() { S = Commits.TablePath }, ["fileName"] = new() { S = "00000000000000000000.json" } },
                ConsistentRead = true,
            })).Item;

        public async ValueTask DisposeAsync()
        {
            await Transports.DisposeAsync();
            _aws.Dispose();
        }
    }
}
