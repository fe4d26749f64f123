using Tributary.Delta;
using Tributary.Delta.Schema;

/// <summary>
/// What one writer process of a concurrency test does, whatever storage the table is on (the local worker and the
/// S3 commit worker share it): alternately appends 10 rows and merges 5 updates plus 5 inserts, each commit with
/// <c>txn(worker-N, op)</c>, retrying a merge that lost a conflict.
/// </summary>
internal static class WriterLoop
{
    public static readonly StructType Schema = new(
        new StructField("bucket", PrimitiveType.Integer),
        new StructField("id", PrimitiveType.Long),
        new StructField("writer", PrimitiveType.Integer),
        new StructField("value", PrimitiveType.String));

    public static async Task RunAsync(DeltaTable table, int worker, int operations)
    {
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
            var batch = DeltaBatch.FromRows(Schema, ids.Select(id => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
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
    }
}
