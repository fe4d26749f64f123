using System.Globalization;

namespace Tributary.Bench.Pipeline;

/// <summary>The process's peak resident set (VmHWM), read from /proc; 0 where there is no /proc.</summary>
internal static class PeakMemory
{
    public static long Bytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kib = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
