using Tributary.Delta;
using Tributary.Delta.Schema;

// One writer process of the concurrency test: appends and merges into a shared local table, retrying on conflicts.
// Usage: Tributary.Delta.ConcurrencyWorker <table folder> <worker number> <operations>
if (args.Length != 3 || !int.TryParse(args[1], out var worker) || !int.TryParse(args[2], out var operations))
{
    Console.Error.WriteLine("usage: Tributary.Delta.ConcurrencyWorker <table folder> <worker number> <operations>");
    return 2;
}

var schema = new StructType(
    new StructField("bucket", PrimitiveType.Integer),
    new StructField("id", PrimitiveType.Long),
    new StructField("writer", PrimitiveType.Integer),
    new StructField("value", PrimitiveType.String));
var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(args[0]));
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
    var options = new DeltaWriteOptions { AppTransaction = (appId, op) };
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            var result = merge
                ? await table.MergeAsync(batch, new DeltaMergeOptions { KeyColumns = ["bucket", "id"] }, options)
                : await table.AppendAsync(batch, options);
            Console.WriteLine($"worker {worker} op {op} {(merge ? "merge" : "append")} -> version {result.Version}{(result.Skipped ? " (skipped)" : string.Empty)} after {attempt} attempt(s)");
            break;
        }
        catch (DeltaConcurrencyException error) when (attempt < 100)
        {
            // A merge read partitions another writer changed: re-read and run it again.
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
