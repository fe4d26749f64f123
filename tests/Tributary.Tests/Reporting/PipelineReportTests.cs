using System.Text.RegularExpressions;
using Tributary.Reporting;
using Tributary.Telemetry;
using Tributary.TestSupport;

namespace Tributary.Tests.Reporting;

public sealed class PipelineReportTests
{
    private static readonly string[] Regions = ["Asia", "Europe", "North America"];

    [Fact]
    public void The_report_is_self_contained()
    {
        var html = PipelineReport.Render(SampleData());

        Assert.DoesNotMatch(new Regex(@"\s(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var links = Regex.Matches(html, @"https?://[^""\s]+").Select(m => m.Value).Distinct();
        Assert.Equal(["http://www.w3.org/2000/svg"], links);
    }

    [Fact]
    public void Charts_carry_one_mark_per_datum()
    {
        var html = PipelineReport.Render(SampleData());

        Assert.Equal(Regions.Length, Count(Chart(html, "sales-by-region"), "class=\"series\""));
        Assert.Equal(10, Count(Chart(html, "top-stores"), "class=\"bar\""));
        Assert.Equal(12, Count(Chart(html, "change-pct"), "class=\"bar\"") + 1); // the first month has no previous period
        Assert.Contains("fill=\"#dc2626\"", Chart(html, "change-pct"), StringComparison.Ordinal);
        Assert.Equal(3, Count(Chart(html, "freshness"), "class=\"series\""));
        Assert.Equal(5, Count(Chart(html, "stage-totals"), "class=\"bar\""));
        Assert.Contains("store 4", Chart(html, "top-stores"), StringComparison.Ordinal);
        Assert.Contains("1,234", html, StringComparison.Ordinal); // rejected rows tile
    }

    [Fact]
    public void An_empty_pipeline_renders_placeholders()
    {
        var html = PipelineReport.Render(new PipelineReportData { GeneratedAt = DateTimeOffset.UnixEpoch });

        Assert.Equal(8, Count(html, "No data yet"));
        Assert.DoesNotContain("class=\"bar\"", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Chromium_renders_the_charts()
    {
        Chromium.Require();
        using var temp = new TempDirectory();
        var path = temp.Combine("report.html");
        await PipelineReport.WriteAsync(SampleData(), path);

        var dom = await Chromium.DumpDomAsync(path);
        foreach (var chart in new[] { "sales-by-region", "top-stores", "change-pct", "invoices", "stage-totals", "throughput", "freshness", "set-aside" })
        {
            Assert.Contains($"data-chart=\"{chart}\"", dom, StringComparison.Ordinal);
        }

        Assert.Equal(Regions.Length, Count(Chart(dom, "sales-by-region"), "class=\"series\""));

        var image = PngImage.Decode(await Chromium.ScreenshotAsync(path, 1280, 2400));
        Assert.Equal(1280, image.Width);
        Assert.True(image.Count("#2563eb") > 2000, $"too few blue pixels: {image.Count("#2563eb")}"); // first series, bars
        Assert.True(image.Count("#ea580c") > 300, $"too few orange pixels: {image.Count("#ea580c")}"); // second series
        Assert.True(image.Count("#dc2626") > 100, $"too few red pixels: {image.Count("#dc2626")}"); // negative change, alert tiles
    }

    internal static PipelineReportData SampleData()
    {
        var sales = new List<SalesSummaryRow>();
        var random = new Random(7);
        foreach (var region in Regions)
        {
            for (var store = 1; store <= 5; store++)
            {
                double? previous = null;
                for (var month = 1; month <= 12; month++)
                {
                    var total = Math.Round((store * 1000) + (region.Length * 300) + (random.NextDouble() * 2000) - (month == 6 ? 2500 : 0), 2);
                    sales.Add(new SalesSummaryRow(region, store.ToString(System.Globalization.CultureInfo.InvariantCulture), 2024, month, 40 + month, 100, total,
                        previous is null ? null : Math.Round((total - previous.Value) / previous.Value * 100, 2)));
                    previous = total;
                }
            }
        }

        var t0 = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 8).Select(i => new RunRecord
        {
            Mode = "watch",
            Started = t0.AddHours(i),
            Finished = t0.AddHours(i).AddSeconds(30 + i),
            RecordsExtracted = 10_000 + (i * 500),
            RecordsProcessed = 10_000 + (i * 500),
            RowsTransformed = 30_000 + (i * 1500),
            StagingBatches = 12,
            RowsInserted = 29_000 + (i * 1400),
            RowsUpdated = 100,
            RowsRejected = i % 3,
            FilesQuarantined = i == 5 ? 1 : 0,
            MaxLagMilliseconds = 400 + (i * 120),
            FreshnessP50Seconds = 1.1 + (i * 0.1),
            FreshnessP99Seconds = 2.5 + (i * 0.2),
        }).ToList();

        return new PipelineReportData
        {
            Pipeline = "retail",
            DataRoot = "/data",
            GeneratedAt = t0.AddDays(1),
            Runs = runs,
            QuarantinedFiles = 1,
            QuarantinedRecords = 3,
            RejectedRows = 1234,
            Tables =
            [
                new TableState("curated", "/data/final/curated", 9, 250_000, t0.AddHours(7)),
                new TableState("sales_summary", "/data/final/sales_summary", 9, sales.Count, t0.AddHours(7)),
                new TableState("rejected", "/data/final/rejected", null, null, null),
            ],
            Sales = sales,
        };
    }

    private static string Chart(string html, string id)
    {
        var start = html.IndexOf($"data-chart=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"chart {id} is missing");
        var end = html.IndexOf("</svg>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
