using System.Globalization;
using Tributary.Aws.Composition;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Delta.Schema;

// One writer process of the S3 commit-race test: appends and merges into one Delta table in an S3 bucket, through
// the commit store the configuration selects, retrying on conflicts. Credentials come from the environment.
// Usage: Tributary.Aws.CommitWorker <S3ConditionalWrite|DynamoDb> <endpoint url> <bucket> <table key> <commit table> <worker number> <operations>
if (args.Length != 7
    || !int.TryParse(args[5], CultureInfo.InvariantCulture, out var worker)
    || !int.TryParse(args[6], CultureInfo.InvariantCulture, out var operations))
{
    Console.Error.WriteLine("usage: Tributary.Aws.CommitWorker <S3ConditionalWrite|DynamoDb> <endpoint url> <bucket> <table key> <commit table> <worker number> <operations>");
    return 2;
}

var options = new TributaryOptions
{
    Storage = new StorageOptions
    {
        DataRoot = Path.Combine(Path.GetTempPath(), "tributary-commit-worker"),
        ObjectStore = new ObjectStoreOptions { Transport = ObjectStoreTransport.S3, Bucket = args[2] },
    },
    Aws = new AwsOptions
    {
        EndpointUrl = args[1],
        S3ForcePathStyle = true,
        CommitStore = args[0],
        CommitTableName = args[4],
        MaxRetries = 8,
        RetryBaseDelayMilliseconds = 20,
        MaxRetryDelayMilliseconds = 500,
    },
};
var tableKey = args[3];
await using var transports = PipelineTransports.Create(options);
var schema = new StructType(
    new StructField("bucket", PrimitiveType.Integer),
    new StructField("id", PrimitiveType.Long),
    new StructField("writer", PrimitiveType.Integer),
    new StructField("value", PrimitiveType.String));
var table = await DeltaTable.OpenAsync(
    transports.OpenTableStorage(tableKey),
    transports.TableOptions(tableKey, new DeltaTableOptions { MaxCommitAttempts = 200, EngineInfo = $"CommitWorker/{worker}" }));
var appId = $"worker-{worker}";
var nextId = worker * 100_000L;
var appended = new List<long>();

for (var op = 0; op < operations; op++)
{
    // Odd operations merge: update 5 rows this worker appended earlier and insert 5 new ones.
    var merge = op % 2 == 1;
    var ids = merge
        ? appended.Take(5).Concat(Enumerable.Range(0, 5).Select(_ => nextId++)).ToList()
        : Enumerable.Range(0, 10).Select(_ => nextId++).ToList();
    var batch = DeltaBatch.FromRows(schema, ids.Select(id => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
    {
        ["bucket"] = (int)(id % 2),
        ["id"] = id,
        ["writer"] = worker,
        ["value"] = $"{(merge ? "merge" : "append")}-{op}",
    }).ToList());
    var write = new DeltaWriteOptions { AppTransaction = (appId, op) };
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            var result = merge
                ? await table.MergeAsync(batch, new DeltaMergeOptions { KeyColumns = ["bucket", "id"] }, write)
                : await table.AppendAsync(batch, write);
            Console.WriteLine($"worker {worker} op {op} {(merge ? "merge" : "append")} -> version {result.Version}{(result.Skipped ? " (skipped)" : string.Empty)} after {attempt} attempt(s)");
            break;
        }
        catch (DeltaConcurrencyException error) when (attempt < 100)
        {
            // A merge read files another writer changed: re-read and run it again.
            Console.WriteLine($"worker {worker} op {op} conflict ({error.Message.Split(':')[0]}), retrying");
            await Task.Delay(Random.Shared.Next(5, 50));
        }
    }

    if (!merge)
    {
        appended.AddRange(ids);
    }
}

return 0;
