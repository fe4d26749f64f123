using Tributary.Delta;

// One writer process of the concurrency test: appends and merges into a shared local table, retrying on conflicts.
// Usage: Tributary.Delta.ConcurrencyWorker <table folder> <worker number> <operations>
if (args.Length != 3 || !int.TryParse(args[1], out var worker) || !int.TryParse(args[2], out var operations))
{
    Console.Error.WriteLine("usage: Tributary.Delta.ConcurrencyWorker <table folder> <worker number> <operations>");
    return 2;
}

var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(args[0]));
await WriterLoop.RunAsync(table, worker, operations);
return 0;
