using System.Globalization;
using Tributary.Aws.Composition;
using Tributary.Configuration;
using Tributary.Delta;

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
var table = await DeltaTable.OpenAsync(
    transports.OpenTableStorage(tableKey),
    transports.TableOptions(tableKey, new DeltaTableOptions { MaxCommitAttempts = 200, EngineInfo = $"CommitWorker/{worker}" }));
await WriterLoop.RunAsync(table, worker, operations);
return 0;
