using System.Text;

namespace Tributary.Reporting.Internal;

/// <summary>A line chart over ordered categories (runs, months): one polyline per series, a dot per value.</summary>
internal static class LineChart
{
    public static void Render(StringBuilder html, string id, string label, string unit, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        double X(int i) => ChartFrame.Left + (categories.Count == 1 ? ChartFrame.PlotWidth / 2 : i * ChartFrame.PlotWidth / (categories.Count - 1));
        ChartFrame.Draw(html, id, label, unit, categories, series, X, legend: true, frame =>
        {
            if (frame.Min < 0)
            {
                var zero = Svg.F(frame.Y(0));
                html.Append("<line class=\"zero\" x1=\"").Append(Svg.F(ChartFrame.Left)).Append("\" x2=\"").Append(Svg.F(ChartFrame.Width - ChartFrame.Right))
                    .Append("\" y1=\"").Append(zero).Append("\" y2=\"").Append(zero).Append("\"/>\n");
            }

            for (var s = 0; s < series.Count; s++)
            {
                Series(html, frame, X, categories, series[s], Svg.Color(s));
            }
        });
    }

    private static void Series(StringBuilder html, ChartFrame frame, Func<int, double> x, IReadOnlyList<string> categories, ChartSeries series, string color)
    {
        var path = new StringBuilder();
        var pen = 'M';
        for (var i = 0; i < series.Values.Count && i < categories.Count; i++)
        {
            if (series.Values[i] is not { } v)
            {
                pen = 'M';
                continue;
            }

            path.Append(pen).Append(Svg.F(x(i))).Append(',').Append(Svg.F(frame.Y(v))).Append(' ');
            pen = 'L';
        }

        html.Append("<path class=\"series\" data-series=\"").Append(Svg.Text(series.Name)).Append("\" fill=\"none\" stroke=\"").Append(color)
            .Append("\" stroke-width=\"2.5\" d=\"").Append(path.ToString().TrimEnd()).Append("\"/>\n");
        for (var i = 0; i < series.Values.Count && i < categories.Count; i++)
        {
            if (series.Values[i] is { } v)
            {
                html.Append("<circle class=\"point\" cx=\"").Append(Svg.F(x(i))).Append("\" cy=\"").Append(Svg.F(frame.Y(v)))
                    .Append("\" r=\"3.5\" fill=\"").Append(color).Append("\"><title>").Append(Svg.Text($"{series.Name} · {categories[i]}: {Svg.Label(v)}"))
                    .Append("</title></circle>\n");
            }
        }
    }
}
