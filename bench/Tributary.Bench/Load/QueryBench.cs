using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Load;

namespace Tributary.Bench.Load;

/// <summary>
/// <c>query</c> over a partitioned Delta table: args <c>[rows, default 10,000,000] [commits, default 10] [folder]</c>.
/// Writes a table partitioned by region (5) and invoice_year (4) in that many appends (or reuses the table already in
/// <c>folder</c>, so the queries can be measured in a process that did not write it), then runs a query with a
/// partition filter and one without, each in a session scoped to it as <c>tributary query</c> does: once on the local
/// folder and once through the object-store port (as from S3: the files are copied into the cache first). Reports
/// the files the view registered, the files copied, the files DuckDB read (EXPLAIN ANALYZE), rows, seconds, peak
/// working set and load average.
/// </summary>
internal static class QueryBench
{
    private const string Key = "final/curated";
    private static readonly string[] Regions = ["Africa", "Asia", "Europe", "North America", "South America"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var commits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var keep = args.Length > 2;
        var root = keep ? Path.GetFullPath(args[2]) : Path.Combine(Path.GetTempPath(), $"tributary-querybench-{Guid.NewGuid():N}");
        var folder = Path.Combine(root, Key);
        try
        {
            if (!await DeltaTable.ExistsAsync(new LocalDeltaStorage(folder)))
            {
                await WriteAsync(folder, rows, commits);
            }

            var snapshot = await (await DeltaTable.OpenAsync(new LocalDeltaStorage(folder))).GetSnapshotAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"table {folder}: {snapshot.Files.Count} files, version {snapshot.Version}; load average {LoadAverage()}"));
            const string filtered = "SELECT count(*), sum(total) FROM curated WHERE region = 'Europe' AND invoice_year = 2024";
            const string unfiltered = "SELECT count(*), sum(total) FROM curated";
            Console.WriteLine($"{"query",-28} {"store",-7} {"registered",10} {"copied",7} {"read",5} {"rows",12} {"register s",10} {"query s",8}");
            foreach (var (what, sql) in new[] { ("region = Europe, year = 2024", filtered), ("no filter", unfiltered) })
            {
                await MeasureAsync(what, sql, root, remote: false);
                await MeasureAsync(what, sql, root, remote: true);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB; load average {LoadAverage()}"));
            return 0;
        }
        finally
        {
            if (!keep && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task WriteAsync(string folder, long rows, int commits)
    {
        var schema = new StructType([
            new StructField("invoiceno", PrimitiveType.Long),
            new StructField("region", PrimitiveType.String),
            new StructField("invoice_year", PrimitiveType.Integer),
            new StructField("total", PrimitiveType.Double),
        ]);
        var watch = Stopwatch.StartNew();
        var table = await DeltaTable.CreateAsync(new LocalDeltaStorage(folder), schema, ["region", "invoice_year"]);
        var perCommit = rows / commits;
        for (var c = 0; c < commits; c++)
        {
            await table.AppendAsync(Batches(schema, c * perCommit, perCommit));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"table written: {rows:N0} rows in {commits} commits, {watch.Elapsed.TotalSeconds:N1} s"));
    }

    private static async Task MeasureAsync(string what, string sql, string root, bool remote)
    {
        var store = new PortOnlyObjectStore(root);
        using var session = DeltaQuerySession.Open(cacheFolder: Path.GetTempPath());
        session.ScopeTo(sql);
        var watch = Stopwatch.StartNew();
        var (_, registered) = remote
            ? await session.RegisterTableAsync("curated", store, Key)
            : await session.RegisterTableAsync("curated", Path.Combine(root, Key));
        var registerSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        long count;
        using (var reader = session.Execute(sql))
        {
            reader.Read();
            count = reader.GetInt64(0);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var plan = new System.Text.StringBuilder();
        using (var reader = session.Execute("EXPLAIN ANALYZE " + sql))
        {
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    plan.Append(reader.GetValue(i));
                }
            }
        }

        var read = Regex.Matches(plan.ToString(), @"Total Files Read: (\d+)").Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-28} {(remote ? "port" : "local"),-7} {registered,10} {store.DataFilesRead,7} {read,5} {count,12:N0} {registerSeconds,10:N3} {seconds,8:N3}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async IAsyncEnumerable<DeltaBatch> Batches(StructType schema, long first, long count)
    {
        const int size = 1 << 17;
        for (var start = 0L; start < count; start += size)
        {
            var n = (int)Math.Min(size, count - start);
            var invoice = new long?[n];
            var region = new string?[n];
            var year = new int?[n];
            var total = new double?[n];
            for (var i = 0; i < n; i++)
            {
                var id = first + start + i;
                invoice[i] = id;
                region[i] = Regions[id % Regions.Length];
                year[i] = 2022 + (int)(id / Regions.Length % 4);
                total[i] = id % 1000 / 10.0;
            }

            yield return new DeltaBatch(schema, [invoice, region, year, total], n);
            await Task.Yield();
        }
    }
}
