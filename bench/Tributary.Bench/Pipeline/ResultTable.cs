using System.Globalization;

namespace Tributary.Bench.Pipeline;

/// <summary>Prints both sides in one table: per-stage rows for Tributary, then each side's total.</summary>
internal static class ResultTable
{
    public static void Print(SideResult tributary, SideResult? duckdb, int cores, string loadBefore, string loadAfter)
    {
        var mib = tributary.InputBytes / 1048576.0;
        Console.WriteLine();
        Console.WriteLine(Invariant($"{tributary.Records:N0} records, {mib:N1} MiB of JSON, {cores} cores, load average before {loadBefore}, after {loadAfter}"));
        Console.WriteLine();
        Console.WriteLine(Invariant($"| {"what",-42} | {"seconds",8} | {"records/s",10} | {"MiB/s",7} | {"CPU s",7} | {"peak RSS MiB",12} |"));
        Console.WriteLine($"|{new string('-', 44)}|{new string('-', 10)}:|{new string('-', 11)}:|{new string('-', 8)}:|{new string('-', 8)}:|{new string('-', 13)}:|");
        foreach (var phase in tributary.Phases)
        {
            Row(phase.Phase, phase.Seconds, tributary.Records, tributary.InputBytes, phase.CpuSeconds, null);
        }

        foreach (var stage in tributary.Stages)
        {
            Row($"  {stage.Stage} (summed over threads)", stage.Seconds, tributary.Records, tributary.InputBytes, null, null);
        }

        Row("Tributary extract → staging", tributary.WallSeconds, tributary.Records, tributary.InputBytes, tributary.CpuSeconds, tributary.PeakRssBytes);
        if (duckdb is not null)
        {
            Row("DuckDB COPY … unnest … read_json", duckdb.WallSeconds, duckdb.Records, duckdb.InputBytes, duckdb.CpuSeconds, duckdb.PeakRssBytes);
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"Tributary: {tributary.Rows:N0} rows, {tributary.OutputBytes / 1048576.0:N1} MiB of staging Parquet, {tributary.AllocatedBytes / 1048576.0:N0} MiB allocated ({tributary.AllocatedBytes / (double)Math.Max(1, tributary.Records):N0} B/record); ") +
            string.Join(", ", tributary.Counts.Select(c => Invariant($"{c.Key} {c.Value:N0}"))));
        Console.WriteLine(Invariant($"Tributary GC: {tributary.GcPauseSeconds:F2} s paused, collections gen0/gen1/gen2 {string.Join('/', tributary.Collections)}; JIT {tributary.JitSeconds:F2} s compiling {tributary.JitMethods:N0} methods"));
        Console.WriteLine("Tributary runnable threads (at most one per core counted; share of the time with one per core): " + string.Join(
            "; ", tributary.Phases.Select(p => Invariant($"{p.Phase.Split(':')[0]} {p.RunnableMean:N2}, {p.AllCoresRunnable:P0}"))));
        if (tributary.Counts.FirstOrDefault(c => c.Key == "raw objects") is { Key: not null } raw)
        {
            Console.WriteLine(Invariant($"raw objects per record: {raw.Value / (double)Math.Max(1, tributary.Records):N3}"));
        }

        if (duckdb is not null)
        {
            Console.WriteLine(Invariant($"DuckDB: {duckdb.Rows:N0} rows, {duckdb.OutputBytes / 1048576.0:N1} MiB of Parquet"));
            Console.WriteLine(Invariant($"Tributary wall time / DuckDB wall time: {tributary.WallSeconds / duckdb.WallSeconds:N2} (goal: at most 1)"));
        }
    }

    private static void Row(string what, double seconds, long records, long bytes, double? cpu, long? peak)
    {
        var cpuText = cpu is { } c ? Invariant($"{c:N1}") : "";
        var peakText = peak is { } p ? Invariant($"{p / 1048576.0:N0}") : "";
        Console.WriteLine(Invariant(
            $"| {what,-42} | {seconds,8:N2} | {records / seconds,10:N0} | {bytes / 1048576.0 / seconds,7:N1} | {cpuText,7} | {peakText,12} |"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
