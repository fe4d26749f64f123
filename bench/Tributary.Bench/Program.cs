using Tributary.Bench.Generate;

// One benchmark per subject; run with: dotnet run -c Release --project bench/Tributary.Bench -- <name> [args]
var benches = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["generate"] = GenerateBench.RunAsync,
    ["generate-profile"] = GenerateProfile.RunAsync,
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var bench))
{
    Console.Error.WriteLine($"usage: Tributary.Bench <{string.Join('|', benches.Keys)}> [args]");
    return 2;
}

return await bench(args[1..]);
