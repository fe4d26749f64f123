using System.Globalization;
using System.Text;
using Tributary.Reporting.Internal;

namespace Tributary.Reporting;

/// <summary>
/// Renders <see cref="PipelineReportData"/> as ONE self-contained HTML file: inline CSS, inline SVG charts drawn
/// here, no script and no network, so it opens the same from a disk, a mail attachment or a CI artifact.
/// </summary>
public static class PipelineReport
{
    private const int MaxMonths = 36;
    private const int TopStores = 10;

    /// <summary>Writes the report to <paramref name="path"/> (temp file, then rename) and returns its size in bytes.</summary>
    public static async Task<long> WriteAsync(PipelineReportData data, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var bytes = Encoding.UTF8.GetBytes(Render(data));
        var temp = full + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
        return bytes.Length;
    }

    /// <summary>Renders the report as HTML text.</summary>
    public static string Render(PipelineReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Tributary report: ").Append(Svg.Text(data.Pipeline)).Append("</title>\n<style>\n").Append(ReportStyle.Css).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<header><h1>Tributary · ").Append(Svg.Text(data.Pipeline)).Append("</h1><div class=\"meta\">Generated ")
            .Append(data.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .Append(" from <code>").Append(Svg.Text(data.DataRoot)).Append("</code> · ").Append(data.Runs.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" recent runs</div></header>\n");

        Tiles(html, data);
        Business(html, data);
        Pipeline(html, data);
        Tables(html, data);
        if (data.Notes.Count > 0)
        {
            html.Append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
            foreach (var note in data.Notes)
            {
                html.Append("<li>").Append(Svg.Text(note)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Tiles(StringBuilder html, PipelineReportData data)
    {
        var last = data.Runs.Count > 0 ? data.Runs[^1] : null;
        var curated = data.Tables.FirstOrDefault(t => t.Name == "curated");
        html.Append("<section class=\"tiles\">\n");
        Tile(html, "Total sales (USD)", Money(data.Sales.Sum(s => s.TotalSales)), alert: false);
        Tile(html, "Rows in curated", curated?.Rows is { } rows ? Count(rows) : "—", alert: false);
        Tile(html, "Records in last run", last is null ? "—" : Count(last.RecordsExtracted), alert: false);
        Tile(html, "Freshness p99, last run", last?.FreshnessP99Seconds is { } p99 ? Seconds(p99) : "—", alert: false);
        Tile(html, "Quarantined files", Count(data.QuarantinedFiles), alert: data.QuarantinedFiles > 0);
        Tile(html, "Quarantined records", Count(data.QuarantinedRecords), alert: data.QuarantinedRecords > 0);
        Tile(html, "Delivery failures", Count(data.DeliveryFailedRecords), alert: data.DeliveryFailedRecords > 0);
        Tile(html, "Rejected rows", Count(data.RejectedRows), alert: data.RejectedRows > 0);
        html.Append("</section>\n");
    }

    private static void Tile(StringBuilder html, string label, string value, bool alert) =>
        html.Append("<div class=\"tile").Append(alert ? " alert" : string.Empty).Append("\"><div class=\"value\">").Append(Svg.Text(value))
            .Append("</div><div class=\"label\">").Append(Svg.Text(label)).Append("</div></div>\n");

    private static void Business(StringBuilder html, PipelineReportData data)
    {
        html.Append("<h2>Sales</h2>\n<div class=\"grid2\">\n");

        var months = data.Sales.Select(s => (s.InvoiceYear, s.InvoiceMonth)).Distinct().Order().TakeLast(MaxMonths).ToList();
        var monthLabels = months.Select(m => $"{m.InvoiceYear:D4}-{m.InvoiceMonth:D2}").ToList();
        var regions = data.Sales.Select(s => s.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var byRegionMonth = data.Sales.GroupBy(s => (s.Region, s.InvoiceYear, s.InvoiceMonth)).ToDictionary(g => g.Key, g => g.Sum(s => s.TotalSales));
        var regionSeries = regions.Select(r => new ChartSeries(r, [.. months.Select(m => byRegionMonth.TryGetValue((r, m.InvoiceYear, m.InvoiceMonth), out var v) ? v : (double?)null)])).ToList();
        Card(html, "Sales by region and month (USD)", h => LineChart.Render(h, "sales-by-region", "Sales by region and month", "USD", monthLabels, regionSeries));

        var stores = data.Sales.GroupBy(s => (s.Region, s.StoreNo))
            .Select(g => ($"{g.Key.Region} · store {g.Key.StoreNo}", g.Sum(s => s.TotalSales)))
            .OrderByDescending(b => b.Item2).ThenBy(b => b.Item1, StringComparer.Ordinal).Take(TopStores).ToList();
        Card(html, $"Top {TopStores} stores by sales (USD)", h => BarChart.Render(h, "top-stores", "Top stores by sales", stores, Money));

        var change = months.Select(m => data.Sales.Where(s => s.InvoiceYear == m.InvoiceYear && s.InvoiceMonth == m.InvoiceMonth && s.ChangePct is not null)
            .Select(s => s.ChangePct!.Value).ToList()).Select(values => values.Count == 0 ? (double?)null : Math.Round(Median(values), 2)).ToList();

        // The median, not the mean: a store coming back from a near-empty month has a change of thousands of percent.
        Card(html, "Month-over-month change, median over stores (%)", h => ColumnChart.Render(h, "change-pct", "Median change_pct by month", "%", monthLabels, [new ChartSeries("change %", change)]));

        var quantity = months.Select(m => (double?)data.Sales.Where(s => s.InvoiceYear == m.InvoiceYear && s.InvoiceMonth == m.InvoiceMonth).Sum(s => s.DistinctInvoices)).ToList();
        Card(html, "Invoices per month", h => ColumnChart.Render(h, "invoices", "Invoices per month", "invoices", monthLabels, [new ChartSeries("invoices", quantity)]));
        html.Append("</div>\n");
    }

    private static void Pipeline(StringBuilder html, PipelineReportData data)
    {
        html.Append("<h2>Pipeline health</h2>\n<div class=\"grid2\">\n");
        var runs = data.Runs;
        var labels = runs.Select(r => r.Started.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)).ToList();

        var totals = new (string, double)[]
        {
            ("extract · records", runs.Sum(r => (double)r.RecordsExtracted)),
            ("process · records", runs.Sum(r => (double)r.RecordsProcessed)),
            ("transform · rows", runs.Sum(r => (double)r.RowsTransformed)),
            ("deliver · batches", runs.Sum(r => (double)r.StagingBatches)),
            ("load · rows merged", runs.Sum(r => (double)(r.RowsInserted + r.RowsUpdated))),
        };
        Card(html, "What each stage handled over the recent runs", h => BarChart.Render(h, "stage-totals", "Stage totals", runs.Count == 0 ? [] : totals, Count));

        double? Rate(double count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : null;
        Card(html, "Throughput per stage (per second of run time)", h => LineChart.Render(h, "throughput", "Throughput per stage", "per second", labels,
        [
            new ChartSeries("extract records/s", [.. runs.Select(r => Rate(r.RecordsExtracted, r.ElapsedSeconds))]),
            new ChartSeries("process records/s", [.. runs.Select(r => Rate(r.RecordsProcessed, r.ElapsedSeconds))]),
            new ChartSeries("transform rows/s", [.. runs.Select(r => Rate(r.RowsTransformed, r.ElapsedSeconds))]),
            new ChartSeries("load rows/s", [.. runs.Select(r => Rate(r.RowsInserted + r.RowsUpdated, r.ElapsedSeconds))]),
        ]));

        Card(html, "Freshness and stream lag (seconds)", h => LineChart.Render(h, "freshness", "Freshness and lag", "seconds", labels,
        [
            new ChartSeries("freshness p50", [.. runs.Select(r => r.FreshnessP50Seconds)]),
            new ChartSeries("freshness p99", [.. runs.Select(r => r.FreshnessP99Seconds)]),
            new ChartSeries("max shard lag", [.. runs.Select(r => (double?)Math.Round(r.MaxLagMilliseconds / 1000, 3))]),
        ]));

        Card(html, "Set aside per run", h => ColumnChart.Render(h, "set-aside", "Quarantined and rejected per run", "count", labels,
        [
            new ChartSeries("files quarantined", [.. runs.Select(r => (double?)r.FilesQuarantined)]),
            new ChartSeries("records failed", [.. runs.Select(r => (double?)(r.RecordsFailed + r.RecordsDeliveryFailed))]),
            new ChartSeries("rows rejected", [.. runs.Select(r => (double?)r.RowsRejected)]),
        ]));
        html.Append("</div>\n");
    }

    private static void Tables(StringBuilder html, PipelineReportData data)
    {
        html.Append("<h2>Tables</h2>\n<table>\n<tr><th>table</th><th>version</th><th>rows</th><th>last commit</th><th>path</th></tr>\n");
        foreach (var table in data.Tables)
        {
            html.Append("<tr><td>").Append(Svg.Text(table.Name)).Append("</td><td class=\"num\">")
                .Append(table.Version?.ToString(CultureInfo.InvariantCulture) ?? "not created").Append("</td><td class=\"num\">")
                .Append(table.Rows is { } rows ? Count(rows) : "—").Append("</td><td>")
                .Append(table.LastCommit?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "—").Append("</td><td><code>")
                .Append(Svg.Text(table.Path)).Append("</code></td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Card(StringBuilder html, string title, Action<StringBuilder> chart)
    {
        html.Append("<div class=\"card\"><h3>").Append(Svg.Text(title)).Append("</h3>\n");
        chart(html);
        html.Append("</div>\n");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Money(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Seconds(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
