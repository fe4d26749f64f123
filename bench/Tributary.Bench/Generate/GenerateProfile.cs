using System.Diagnostics;
using Tributary.Generation;
using Tributary.Generation.Internal;

namespace Tributary.Bench.Generate;

/// <summary>Splits the generator's time per column (value generation only, no JSON), to find the slow types.</summary>
internal static class GenerateProfile
{
    public static Task<int> RunAsync(string[] args)
    {
        var schema = MockarooSchema.Retail;
        var generators = ColumnCompiler.Compile(schema.Columns);
        var state = new RecordState(new Xoshiro256(7), generators.Length);
        const int Records = 300_000;
        var ticks = new long[generators.Length];
        for (var i = 0; i < Records; i++)
        {
            state.RecordIndex = i;
            for (var c = 0; c < generators.Length; c++)
            {
                var start = Stopwatch.GetTimestamp();
                generators[c].Generate(state, state.Values[c]);
                ticks[c] += Stopwatch.GetTimestamp() - start;
            }
        }

        for (var c = 0; c < generators.Length; c++)
        {
            Console.WriteLine($"{schema.Columns[c].Name,-45} {schema.Columns[c].Type,-22} {ticks[c] * 1e9 / Stopwatch.Frequency / Records,8:N1} ns");
        }

        Console.WriteLine($"{"total",-68} {ticks.Sum() * 1e9 / Stopwatch.Frequency / Records,8:N1} ns");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Records; i++)
        {
            state.RecordIndex = i;
            for (var c = 0; c < generators.Length; c++)
            {
                generators[c].Generate(state, state.Values[c]);
            }
        }

        Console.WriteLine($"{"values only, untimed columns",-68} {watch.Elapsed.TotalNanoseconds / Records,8:N1} ns");
        var generator = new DataGenerator(schema);
        watch.Restart();
        generator.WriteRecords(Stream.Null, Records, 7, GeneratedFileFormat.JsonLines);
        Console.WriteLine($"{"values and JSON",-68} {watch.Elapsed.TotalNanoseconds / Records,8:N1} ns");
        return Task.FromResult(0);
    }
}
