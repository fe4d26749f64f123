using System.Globalization;

namespace Tributary.Bench.Delta;

/// <summary>Reads <c>--name value</c> options of a bench subcommand.</summary>
internal static class BenchArgs
{
    public static long Long(string[] args, string name, long fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? long.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
