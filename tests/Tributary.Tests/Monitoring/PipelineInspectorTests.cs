using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Monitoring;
using Tributary.Reporting;
using Tributary.TestSupport;

namespace Tributary.Tests.Monitoring;

public sealed class PipelineInspectorTests
{
    [Fact]
    public async Task Reads_sales_tables_and_set_aside_counts_from_the_data_root()
    {
        using var temp = new TempDirectory();
        var options = new TributaryOptions { Storage = { DataRoot = temp.Path } };
        var inspector = new PipelineInspector(options);
        await SalesSummaryTable.CreateAsync(inspector.TablePath("sales_summary"),
        [
            ("Europe", "7", 2024, 1, 1000.5, null),
            ("Europe", "7", 2024, 2, 1200.0, 19.93),
            ("Asia", "3", 2024, 2, 800.25, null),
        ]);
        Directory.CreateDirectory(temp.Combine("quarantine", "files", "2024"));
        await File.WriteAllTextAsync(temp.Combine("quarantine", "files", "2024", "bad.json"), "[{");
        await File.WriteAllTextAsync(temp.Combine("quarantine", "files", "2024", "bad.json.reason.json"), "{}");
        Directory.CreateDirectory(temp.Combine("quarantine", "records"));
        await File.WriteAllTextAsync(temp.Combine("quarantine", "records", "1.json"), "{\n  \"a\": 1\n}\n");
        await File.WriteAllTextAsync(temp.Combine("quarantine", "records", "2.json"), "{\n  \"a\": 2\n}\n");
        Directory.CreateDirectory(temp.Combine("processing-failed", "2024"));
        await File.WriteAllTextAsync(temp.Combine("processing-failed", "2024", "tributary-1-x"), "{\"errorCode\":\"a\"}\n{\"errorCode\":\"b\"}\n{\"errorCode\":\"c\"}\n");

        var data = await inspector.ReadReportDataAsync(10);

        Assert.Equal(3, data.Sales.Count);
        var february = Assert.Single(data.Sales, s => s.Region == "Europe" && s.InvoiceMonth == 2);
        Assert.Equal(("7", 2024, 1200.0, 19.93), (february.StoreNo, february.InvoiceYear, february.TotalSales, february.ChangePct!.Value));
        Assert.Null(data.Sales.Single(s => s.Region == "Asia").ChangePct);
        var summary = Assert.Single(data.Tables, t => t.Name == "sales_summary");
        Assert.Equal(1, summary.Version); // version 0 creates it, version 1 appends
        Assert.Equal(3, summary.Rows);
        Assert.Null(data.Tables.Single(t => t.Name == "curated").Version);
        Assert.Equal(1, data.QuarantinedFiles);
        Assert.Equal(2, data.QuarantinedRecords);
        Assert.Equal(3, data.DeliveryFailedRecords);
        Assert.Contains(data.Notes, n => n.Contains("curated", StringComparison.Ordinal));

        var html = PipelineReport.Render(data);
        Assert.Contains("Europe · store 7", html, StringComparison.Ordinal);
    }
}
