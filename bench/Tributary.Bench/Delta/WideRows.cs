using Tributary.Delta;
using Tributary.Delta.Schema;

namespace Tributary.Bench.Delta;

/// <summary>Deterministic batches of a 23-column retail-like row: 8 strings, 6 longs, 3 doubles, 2 decimals, 2 timestamps, a date and a flag.</summary>
internal static class WideRows
{
    public static readonly StructType Schema = new(
    [
        new StructField("order_id", PrimitiveType.Long, false),
        new StructField("day", PrimitiveType.Date),
        new StructField("customer_id", PrimitiveType.Long),
        new StructField("store_id", PrimitiveType.Long),
        new StructField("product_id", PrimitiveType.Long),
        new StructField("quantity", PrimitiveType.Long),
        new StructField("line_no", PrimitiveType.Long),
        new StructField("country", PrimitiveType.String),
        new StructField("city", PrimitiveType.String),
        new StructField("sku", PrimitiveType.String),
        new StructField("description", PrimitiveType.String),
        new StructField("channel", PrimitiveType.String),
        new StructField("currency", PrimitiveType.String),
        new StructField("email", PrimitiveType.String),
        new StructField("note", PrimitiveType.String),
        new StructField("unit_price", PrimitiveType.Double),
        new StructField("discount", PrimitiveType.Double),
        new StructField("weight", PrimitiveType.Double),
        new StructField("amount", new DecimalType(12, 2)),
        new StructField("tax", new DecimalType(10, 2)),
        new StructField("create_ts", PrimitiveType.Timestamp),
        new StructField("update_ts", PrimitiveType.Timestamp),
        new StructField("gift", PrimitiveType.Boolean),
    ]);

    private static readonly string[] Countries = ["United Kingdom", "France", "Germany", "EIRE", "Spain", "Netherlands", "Belgium", "Switzerland"];
    private static readonly string[] Channels = ["web", "store", "phone", "partner"];
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="from">First order id.</param>
    /// <param name="count">Rows.</param>
    /// <param name="days">Distinct days the rows spread over (the partition column of the merge bench).</param>
    /// <param name="version">Changes the non-key values, to make updated rows.</param>
    public static DeltaBatch Batch(long from, int count, int days = 30, int version = 0)
    {
        var columns = Schema.Fields.Select(f => (Array)(f.Type switch
        {
            DecimalType => new decimal?[count],
            PrimitiveType { Name: "long" } => new long?[count],
            PrimitiveType { Name: "string" } => new string?[count],
            PrimitiveType { Name: "double" } => new double?[count],
            PrimitiveType { Name: "timestamp" } => new DateTimeOffset?[count],
            PrimitiveType { Name: "date" } => new DateOnly?[count],
            _ => new bool?[count],
        })).ToArray();
        for (var r = 0; r < count; r++)
        {
            var id = from + r;
            var h = (ulong)id * 0x9E3779B97F4A7C15UL;
            ((long?[])columns[0])[r] = id;
            ((DateOnly?[])columns[1])[r] = DateOnly.FromDateTime(Start.UtcDateTime).AddDays((int)(id % days));
            ((long?[])columns[2])[r] = (long)(h % 50_000);
            ((long?[])columns[3])[r] = (long)(h % 300);
            ((long?[])columns[4])[r] = (long)(h % 4_000);
            ((long?[])columns[5])[r] = (long)(h % 12) + 1;
            ((long?[])columns[6])[r] = id % 7;
            ((string?[])columns[7])[r] = Countries[(int)(h % (ulong)Countries.Length)];
            ((string?[])columns[8])[r] = "city-" + (h % 500);
            ((string?[])columns[9])[r] = "SKU" + (h % 4_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            ((string?[])columns[10])[r] = "Product description number " + (h % 4_000) + (version > 0 ? " v" + version : string.Empty);
            ((string?[])columns[11])[r] = Channels[(int)(h % 4)];
            ((string?[])columns[12])[r] = "EUR";
            ((string?[])columns[13])[r] = id % 10 == 0 ? null : "customer" + (h % 50_000) + "@example.com";
            ((string?[])columns[14])[r] = id % 3 == 0 ? null : "note " + (id % 97);
            ((double?[])columns[15])[r] = (h % 10_000) / 100.0;
            ((double?[])columns[16])[r] = id % 5 == 0 ? 0.1 : 0;
            ((double?[])columns[17])[r] = (h % 3_000) / 1000.0;
            ((decimal?[])columns[18])[r] = (h % 1_000_000) / 100m + version;
            ((decimal?[])columns[19])[r] = (h % 10_000) / 100m;
            ((DateTimeOffset?[])columns[20])[r] = Start.AddSeconds(id);
            ((DateTimeOffset?[])columns[21])[r] = Start.AddSeconds(id + version * 3600);
            ((bool?[])columns[22])[r] = id % 11 == 0;
        }

        return new DeltaBatch(Schema, columns, count);
    }
}
