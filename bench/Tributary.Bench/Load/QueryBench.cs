using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Load;

namespace Tributary.Bench.Load;

/// <summary>
/// <c>query</c> over a partitioned Delta table: args <c>[rows, default 10,000,000] [commits, default 10]</c>. Writes a
/// table partitioned by region (5) and invoice_year (4) in that many appends, registers it the way
/// <c>tributary query</c> does, and runs a query with a partition filter and one without: files in the snapshot,
/// files DuckDB read (from EXPLAIN ANALYZE), rows and time.
/// </summary>
internal static class QueryBench
{
    private static readonly string[] Regions = ["Africa", "Asia", "Europe", "North America", "South America"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var commits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var folder = Path.Combine(Path.GetTempPath(), $"tributary-querybench-{Guid.NewGuid():N}");
        try
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

            var snapshot = await table.GetSnapshotAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"table written: {rows:N0} rows, {snapshot.Files.Count} files in {commits} commits, {watch.Elapsed.TotalSeconds:N1} s"));

            using var session = DeltaQuerySession.Open();
            await session.RegisterTableAsync("curated", folder);
            Measure(session, "filter region = 'Europe' AND invoice_year = 2024", "SELECT count(*), sum(total) FROM curated WHERE region = 'Europe' AND invoice_year = 2024");
            Measure(session, "no filter", "SELECT count(*), sum(total) FROM curated");
            return 0;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void Measure(DeltaQuerySession session, string what, string sql)
    {
        var watch = Stopwatch.StartNew();
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-50} rows {count,12:N0}  files read {read,5}  {seconds,8:N3} s"));
    }

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
