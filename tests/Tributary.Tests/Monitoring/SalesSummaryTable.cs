using Tributary.Delta;
using Tributary.Delta.Schema;

namespace Tributary.Tests.Monitoring;

/// <summary>Writes a small <c>sales_summary</c> Delta table with the load stage's columns, partitioned by region.</summary>
internal static class SalesSummaryTable
{
    public static async Task CreateAsync(string path, IReadOnlyList<(string Region, string StoreNo, int Year, int Month, double Sales, double? ChangePct)> rows)
    {
        var schema = new StructType(
        [
            new StructField("region", PrimitiveType.String),
            new StructField("storeno", PrimitiveType.String),
            new StructField("invoice_year", PrimitiveType.Integer),
            new StructField("invoice_month", PrimitiveType.Integer),
            new StructField("distinct_invoices", PrimitiveType.Long),
            new StructField("total_quantity", PrimitiveType.Double),
            new StructField("total_sales", PrimitiveType.Double),
            new StructField("change_pct", PrimitiveType.Double),
        ]);
        Directory.CreateDirectory(path);
        var table = await DeltaTable.CreateAsync(new LocalDeltaStorage(path), schema, ["region"]);
        var batch = DeltaBatch.FromRows(schema, rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["region"] = r.Region,
            ["storeno"] = r.StoreNo,
            ["invoice_year"] = r.Year,
            ["invoice_month"] = r.Month,
            ["distinct_invoices"] = 10L,
            ["total_quantity"] = 20.0,
            ["total_sales"] = r.Sales,
            ["change_pct"] = r.ChangePct,
        }));
        await table.AppendAsync(batch);
    }
}
