using System.Globalization;
using DuckDB.NET.Data;

namespace Tributary.Bench.Load;

/// <summary>
/// Writes retail staging batches (CONTRACTS C layout, all data columns strings) with DuckDB. Row i always has the
/// same MERGE key, so writing row i again with a later source timestamp is an update of it.
/// </summary>
internal static class StagingGenerator
{
    public static void Write(string dataRoot, string name, long from, long to, int files, int sourceDaysLater)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var perFile = (to - from + files - 1) / files;
        for (var f = 0; f < files; f++)
        {
            var start = from + (f * perFile);
            var end = Math.Min(to, start + perFile);
            if (start >= end)
            {
                break;
            }

            var key = $"staging/2025/01/01/00/retail-1-2025-01-01-00-00-00-{name}-{f:D4}.parquet";
            var path = Path.Combine(dataRoot, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                COPY (
                  WITH base AS (
                    SELECT i,
                      TIMESTAMP '2020-01-01' + to_seconds(CAST(hash(i, 'ts') % 157000000 AS BIGINT)) AS ts,
                      CAST(hash(i, 'region') % 5 AS INTEGER) AS r,
                      1 + CAST(hash(i, 'qty') % 99 AS INTEGER) AS qty,
                      round(1 + (hash(i, 'price') % 9800) / 100.0, 2) AS unit
                    FROM range({start}, {end}) t(i)
                  )
                  SELECT
                    CAST(1 + i // 3 AS VARCHAR) AS RetailTxnData_InvoiceNo,
                    strftime(ts, '%Y-%m-%d %H:%M:%S') AS RetailTxnData_InvoiceDateTime,
                    CAST(1 + hash(i, 'store') % 99 AS VARCHAR) AS RetailTxnData_StoreNo,
                    'A' || CAST(hash(i, 'pos') % 100000000 AS VARCHAR) AS RetailTxnData_StorePos,
                    ['North America ', 'South America ', 'Europe ', 'Asia-Pacific ', 'Africa'][r + 1] AS RetailTxnData_Region,
                    [['USA', 'Canada'], ['Brazil'], ['Germany', 'France', 'EIRE', 'Poland', 'United Kingdom'], ['Japan', 'China', 'Australia'], ['South Africa']][r + 1][1 + CAST(hash(i, 'country') % 2 AS INTEGER)] AS RetailTxnData_StoreCountry,
                    lpad(CAST(hash(i, 'stock') % 1000000 AS VARCHAR), 6, '0') AS RetailTxnData_LineItem_StockCode,
                    'Lumber' AS RetailTxnData_LineItem_Description,
                    CAST(qty AS VARCHAR) AS RetailTxnData_LineItem_Quantity,
                    CAST(unit AS VARCHAR) AS RetailTxnData_LineItem_UnitPrice,
                    '$' || CAST(round(unit * qty + {sourceDaysLater}, 2) AS VARCHAR) AS RetailTxnData_LineItem_SalePrice,
                    CAST(1 + hash(i, 'customer') % 9999 AS VARCHAR) AS RetailTxnData_Customer_CustomerID,
                    'user' || CAST(i AS VARCHAR) || '@example.com' AS RetailTxnData_Customer_EmailId,
                    '+12-345-678-9012' AS RetailTxnData_Customer_ContactNo,
                    'Ada' AS RetailTxnData_Customer_FirstName,
                    'B' AS RetailTxnData_Customer_MiddleName,
                    'Lovelace' AS RetailTxnData_Customer_LastName,
                    'Suite 1' AS RetailTxnData_Customer_Address,
                    'Texas' AS RetailTxnData_Customer_State,
                    'USA' AS RetailTxnData_Customer_Country,
                    CAST(10000 + hash(i, 'zip') % 900000 AS VARCHAR) AS RetailTxnData_Customer_ZipCode,
                    ['SUMMERS15', 'WINTERS20', 'ABCDEFG12', 'QWERTYU34'][1 + CAST(hash(i, 'disc') % 4 AS INTEGER)] AS RetailTxnData_Discount_DiscountCode,
                    strftime(ts + INTERVAL ({sourceDaysLater}) DAY, '%Y-%m-%d %H:%M:%S') AS RetailTxnData_SourceTimestamp,
                    'source/bench.json' AS _source_file,
                    i AS _source_record,
                    0 AS _row,
                    'shardId-000000000000' AS _shard,
                    CAST(i AS VARCHAR) AS _sequence_number,
                    TIMESTAMPTZ '2025-01-01 00:00:00+00' AS _arrival_time
                  FROM base
                ) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)
                """);
            command.ExecuteNonQuery();
        }
    }
}
