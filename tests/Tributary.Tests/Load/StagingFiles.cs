using System.Globalization;
using DuckDB.NET.Data;

namespace Tributary.Tests.Load;

/// <summary>Writes staging Parquet files in the layout of CONTRACTS C (all data columns strings, then metadata), with DuckDB.</summary>
internal static class StagingFiles
{
    /// <summary>The data columns of one retail line, by flattened name; null values stay null.</summary>
    public static Dictionary<string, string?> Line(
        string invoiceNo = "1001",
        string invoiceDateTime = "2024-03-15 10:20:30",
        string storeNo = "7",
        string storePos = "A1BC12345678",
        string region = "Europe ",
        string storeCountry = "Germany",
        string stockCode = "123456",
        string description = "Drywall",
        string quantity = "3",
        string unitPrice = "12.5",
        string salePrice = "37.5",
        string customerId = "42",
        string discountCode = "ABCDEFG12",
        string? sourceTimestamp = null) => new(StringComparer.Ordinal)
        {
            ["RetailTxnData_InvoiceNo"] = invoiceNo,
            ["RetailTxnData_InvoiceDateTime"] = invoiceDateTime,
            ["RetailTxnData_StoreNo"] = storeNo,
            ["RetailTxnData_StorePos"] = storePos,
            ["RetailTxnData_Region"] = region,
            ["RetailTxnData_StoreCountry"] = storeCountry,
            ["RetailTxnData_LineItem_StockCode"] = stockCode,
            ["RetailTxnData_LineItem_Description"] = description,
            ["RetailTxnData_LineItem_Quantity"] = quantity,
            ["RetailTxnData_LineItem_UnitPrice"] = unitPrice,
            ["RetailTxnData_LineItem_SalePrice"] = salePrice,
            ["RetailTxnData_Customer_CustomerID"] = customerId,
            ["RetailTxnData_Customer_EmailId"] = "someone@example.com",
            ["RetailTxnData_Customer_ContactNo"] = "+12-345-678-9012",
            ["RetailTxnData_Customer_FirstName"] = "Ada",
            ["RetailTxnData_Customer_MiddleName"] = "B",
            ["RetailTxnData_Customer_LastName"] = "Lovelace",
            ["RetailTxnData_Customer_Address"] = "Suite 1",
            ["RetailTxnData_Customer_State"] = "Texas",
            ["RetailTxnData_Customer_Country"] = storeCountry,
            ["RetailTxnData_Customer_ZipCode"] = "12345",
            ["RetailTxnData_Discount_DiscountCode"] = discountCode,
            ["RetailTxnData_SourceTimestamp"] = sourceTimestamp ?? invoiceDateTime,
        };

    /// <summary>
    /// Writes one staging batch at <c>root/key</c>. Row i gets <c>_source_record = i</c>, <c>_row = 0</c> and an
    /// arrival time of <paramref name="arrival"/> plus i milliseconds.
    /// </summary>
    public static string Write(string root, string key, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, DateTimeOffset arrival, string sourceFile = "source/a.json")
    {
        var path = Path.Combine(root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var columns = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "SET TimeZone = 'UTC'");
        var definitions = columns.Select(c => $"\"{c}\" VARCHAR")
            .Concat(["_source_file VARCHAR", "_source_record BIGINT", "_row INTEGER", "_shard VARCHAR", "_sequence_number VARCHAR", "_arrival_time TIMESTAMPTZ"]);
        Execute(connection, $"CREATE TABLE s ({string.Join(", ", definitions)})");
        using (var appender = connection.CreateAppender("s"))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = appender.CreateRow();
                foreach (var column in columns)
                {
                    row.AppendValue(rows[i].TryGetValue(column, out var value) ? value : null);
                }

                row.AppendValue(sourceFile)
                    .AppendValue((long?)i)
                    .AppendValue((int?)0)
                    .AppendValue("shardId-000000000000")
                    .AppendValue((1000 + i).ToString(CultureInfo.InvariantCulture))
                    .AppendValue(arrival.AddMilliseconds(i).UtcDateTime)
                    .EndRow();
            }
        }

        Execute(connection, $"COPY s TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)");
        return path;
    }

    /// <summary>
    /// Writes one staging batch as a real Firehose delivers it: the transform's output rows as JSON Lines (gzip when
    /// the key ends in <c>.gz</c>), data values as written in the source (a numeric quantity as a JSON number), then
    /// the metadata columns with <c>_arrival_time</c> in epoch milliseconds. Same metadata values as <see cref="Write"/>.
    /// </summary>
    public static string WriteJsonLines(string root, string key, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, DateTimeOffset arrival, string sourceFile = "source/a.json")
    {
        var path = Path.Combine(root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using Stream output = key.EndsWith(".gz", StringComparison.Ordinal)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest)
            : file;
        for (var i = 0; i < rows.Count; i++)
        {
            using (var writer = new System.Text.Json.Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in rows[i])
                {
                    if (value is null)
                    {
                        writer.WriteNull(name);
                    }
                    else if (name == "RetailTxnData_LineItem_Quantity" && long.TryParse(value, CultureInfo.InvariantCulture, out var number))
                    {
                        writer.WriteNumber(name, number);
                    }
                    else
                    {
                        writer.WriteString(name, value);
                    }
                }

                writer.WriteString("_source_file", sourceFile);
                writer.WriteNumber("_source_record", i);
                writer.WriteNumber("_row", 0);
                writer.WriteString("_shard", "shardId-000000000000");
                writer.WriteString("_sequence_number", (1000 + i).ToString(CultureInfo.InvariantCulture));
                writer.WriteNumber("_arrival_time", arrival.AddMilliseconds(i).ToUnixTimeMilliseconds());
                writer.WriteEndObject();
            }

            output.WriteByte((byte)'\n');
        }

        return path;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
