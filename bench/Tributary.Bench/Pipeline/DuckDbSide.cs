using System.Diagnostics;
using DuckDB.NET.Data;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// The baseline, run in its own process: DuckDB turns the same JSON files into flattened Parquet in one statement.
/// </summary>
internal static class DuckDbSide
{
    public static SideResult Run(string input, string output)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        var files = Directory.GetFiles(input, "*.json");
        var target = Path.Combine(output, "flattened.parquet");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long rows;
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                $"COPY (SELECT unnest(RetailTxnData, recursive := true) FROM read_json('{Path.Combine(input, "*.json")}')) " +
                $"TO '{target}' (FORMAT parquet)";
            rows = command.ExecuteNonQuery();
        }

        wall.Stop();
        return new SideResult
        {
            Side = "duckdb",
            Records = rows,
            Rows = rows,
            InputBytes = files.Sum(f => new FileInfo(f).Length),
            OutputBytes = new FileInfo(target).Length,
            WallSeconds = wall.Elapsed.TotalSeconds,
            CpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,
            PeakRssBytes = PeakMemory.Bytes(),
            Counts = [new("files", files.Length)],
        };
    }
}
