using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Tributary.Load;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Load;

/// <summary>
/// <c>tributary load</c> killed with SIGKILL at random moments and rerun ends with the same tables as an
/// uninterrupted run: every staging batch loaded exactly once.
/// </summary>
public sealed class LoadKillTests
{
    private const int Batches = 6;

    [Fact]
    public async Task Killed_loads_rerun_to_the_same_tables_as_an_uninterrupted_run()
    {
        using var reference = new TempDirectory("tributary-kill-ref");
        using var killed = new TempDirectory("tributary-kill");
        WriteStaging(reference.Path);
        WriteStaging(killed.Path);

        await RunToCompletionAsync(reference.Path);

        var random = new Random(20250110);
        var kills = 0;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            using var process = StartLoad(killed.Path);
            var delay = random.Next(300, 4000);
            if (!process.WaitForExit(delay))
            {
                process.Kill(entireProcessTree: true);
                kills++;
            }

            await process.WaitForExitAsync();
        }

        await RunToCompletionAsync(killed.Path);

        Assert.True(kills > 0, "no load was killed; the delays are too long for this machine");
        const string curated = "SELECT * EXCLUDE (create_ts, update_ts, processing_delay) FROM curated ORDER BY invoiceno, lineitem_stockcode";
        Assert.Equal(Rows(reference.Path, curated), Rows(killed.Path, curated));
        // Batch 0: 19 valid keys. Each later batch: 9 new valid keys, plus the key its predecessor rejected (now valid).
        Assert.Equal([[(19 + ((Batches - 1) * 10)).ToString(CultureInfo.InvariantCulture)]], Rows(killed.Path, "SELECT count(*) FROM curated"));
        const string rejected = "SELECT * EXCLUDE (rejected_ts) FROM rejected ORDER BY staging_file, source_record, column_name";
        Assert.Equal(Rows(reference.Path, rejected), Rows(killed.Path, rejected));
        Assert.Equal(Batches, Rows(killed.Path, rejected).Count);
        const string summary = "SELECT * FROM sales_summary ORDER BY ALL";
        Assert.Equal(Rows(reference.Path, summary), Rows(killed.Path, summary));
    }

    private static async Task RunToCompletionAsync(string folder)
    {
        for (var run = 0; run < Batches + 2; run++)
        {
            using var process = StartLoad(folder);
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"tributary load failed ({process.ExitCode}): {error}");
            if (output.Contains("Nothing new", StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail("tributary load never reported that nothing was new");
    }

    private static Process StartLoad(string folder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll"));
        start.ArgumentList.Add("load");
        // Two batches per load: several loads, so kills land between loads as well as inside them.
        start.Environment["TRIBUTARY__Load__MaxBatchesPerLoad"] = "2";
        start.Environment["TRIBUTARY__Load__DuckDbThreads"] = "1";
        ChildTempFolder.Use(start, folder);
        return Process.Start(start)!;
    }

    /// <summary>
    /// Six staging batches of 20 rows. Row 0 of each has an InvoiceNo of "abc" (rejected); in batches 1-5, rows 10-19
    /// repeat the keys of rows 0-9 of the batch before with a newer source timestamp and another price (updates).
    /// </summary>
    private static void WriteStaging(string folder)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        for (var b = 0; b < Batches; b++)
        {
            var path = Path.Combine(folder, "data", "staging", "2025", "01", "10", "11", $"retail-1-2025-01-10-11-{b:D2}-00-x{b}.parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                COPY (
                  SELECT
                    CASE WHEN i = 0 THEN 'abc' ELSE CAST(k AS VARCHAR) END AS RetailTxnData_InvoiceNo,
                    '2024-0' || CAST(1 + k % 9 AS VARCHAR) || '-15 10:00:00' AS RetailTxnData_InvoiceDateTime,
                    CAST(k % 4 AS VARCHAR) AS RetailTxnData_StoreNo,
                    ['Europe ', 'Africa', 'Asia-Pacific '][1 + k % 3] AS RetailTxnData_Region,
                    ['Germany', 'South Africa', 'Japan'][1 + k % 3] AS RetailTxnData_StoreCountry,
                    CAST(100000 + k AS VARCHAR) AS RetailTxnData_LineItem_StockCode,
                    '2' AS RetailTxnData_LineItem_Quantity,
                    '$' || CAST(10 + {b} AS VARCHAR) || '.25' AS RetailTxnData_LineItem_SalePrice,
                    '2024-01-' || CAST(10 + {b} AS VARCHAR) || ' 00:00:00' AS RetailTxnData_SourceTimestamp,
                    'source/a.json' AS _source_file,
                    CAST(i AS BIGINT) AS _source_record,
                    0 AS _row
                  FROM (SELECT i, CASE WHEN i >= 10 AND {b} > 0 THEN ({b} - 1) * 20 + (i - 10) ELSE {b} * 20 + i END AS k FROM range(20) t(i))
                ) TO '{path}' (FORMAT parquet)
                """);
            command.ExecuteNonQuery();
        }
    }

    private static List<string[]> Rows(string folder, string sql)
    {
        using var session = DeltaQuerySession.Open();
        foreach (var table in FinalTables.Names)
        {
            session.RegisterTableAsync(table, Path.Combine(folder, "data", "final", table)).GetAwaiter().GetResult();
        }

        return QueryRows.Of(session, sql);
    }
}
