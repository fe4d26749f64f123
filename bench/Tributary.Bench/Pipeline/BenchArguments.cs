using System.Globalization;

namespace Tributary.Bench.Pipeline;

/// <summary>The pipeline bench's command line (the <c>--child</c> options are for its own child processes).</summary>
internal sealed record BenchArguments
{
    public long Records { get; private init; } = 1_000_000;

    public int Files { get; private init; } = 8;

    public string Work { get; private init; } = Path.Combine(Path.GetTempPath(), "tributary-bench", "pipeline");

    public bool SkipDuckDb { get; private init; }

    /// <summary>Runs the Tributary side with <c>Stream:FlushToDisk</c> off, to show what durability costs.</summary>
    public bool NoFlushToDisk { get; private init; }

    public string? Child { get; private init; }

    public string? Input { get; private init; }

    public string? Output { get; private init; }

    public string? Result { get; private init; }

    public static BenchArguments Parse(string[] args)
    {
        var parsed = new BenchArguments();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            parsed = args[i] switch
            {
                "--records" => parsed with { Records = long.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) },
                "--files" => parsed with { Files = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--work" => parsed with { Work = Next() },
                "--skip-duckdb" => parsed with { SkipDuckDb = true },
                "--no-flush-to-disk" => parsed with { NoFlushToDisk = true },
                "--child" => parsed with { Child = Next() },
                "--input" => parsed with { Input = Next() },
                "--output" => parsed with { Output = Next() },
                "--result" => parsed with { Result = Next() },
                _ => throw new ArgumentException($"unknown argument '{args[i]}' (pipeline [--records N] [--files N] [--work folder] [--skip-duckdb] [--no-flush-to-disk])"),
            };
        }

        return parsed;
    }
}
