using Tributary.Bench.Delivery;
using Tributary.Bench.Delta;
using Tributary.Bench.Flatten;
using Tributary.Bench.Freshness;
using Tributary.Bench.Generate;
using Tributary.Bench.Load;
using Tributary.Bench.Pipeline;
using Tributary.Bench.RecordStream;

// One benchmark per subject; run with: dotnet run -c Release --project bench/Tributary.Bench -- <name> [args]
var benches = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["generate"] = GenerateBench.RunAsync,
    ["generate-profile"] = GenerateProfile.RunAsync,
    ["flatten"] = FlattenBench.RunAsync,
    ["load"] = LoadBench.RunAsync,
    ["query"] = QueryBench.RunAsync,
    ["pipeline"] = PipelineBench.RunAsync,
    ["stream"] = StreamBench.RunAsync,
    ["split"] = SplitBench.RunAsync,
    ["frames"] = FrameBench.RunAsync,
    ["skip"] = SkipBench.RunAsync,
    ["process"] = ProcessBench.RunAsync,
    ["delta-append"] = DeltaAppendBench.RunAsync,
    ["delta-merge"] = DeltaMergeBench.RunAsync,
    ["delta-snapshot"] = SnapshotLoadBench.RunAsync,
    ["freshness"] = FreshnessBench.RunAsync,
    ["delivery-memory"] = DeliveryMemoryBench.RunAsync,
    ["staging-write"] = StagingWriteBench.RunAsync,
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var bench))
{
    Console.Error.WriteLine($"usage: Tributary.Bench <{string.Join('|', benches.Keys)}> [args]");
    return 2;
}

return await bench(args[1..]);
