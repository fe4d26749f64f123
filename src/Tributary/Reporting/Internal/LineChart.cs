using System.Text;

namespace Tributary.Reporting.Internal;

/// <summary>A line chart over ordered categories (runs, months): one polyline per series, a dot per value.</summary>
internal static class LineChart
{
    public static void Render(StringBuilder html, string id, string label, string unit, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        ChartFrame.Open(html, id, label);
        var values = series.SelectMany(s => s.Values).OfType<double>().ToArray();
        if (categories.Count == 0 || values.Length == 0)
        {
            ChartFrame.Empty(html, "No data yet");
            ChartFrame.Close(html);
            return;
        }

        var frame = new ChartFrame(values.Min(), values.Max());
        frame.ValueAxis(html, unit);
        double X(int i) => ChartFrame.Left + (categories.Count == 1 ? ChartFrame.PlotWidth / 2 : i * ChartFrame.PlotWidth / (categories.Count - 1));
        ChartFrame.CategoryAxis(html, categories, X);
        if (frame.Min < 0)
        {
            var zero = Svg.F(frame.Y(0));
            html.Append("<line class=\"zero\" x1=\"").Append(Svg.F(ChartFrame.Left)).Append("\" x2=\"").Append(Svg.F(ChartFrame.Width - ChartFrame.Right))
                .Append("\" y1=\"").Append(zero).Append("\" y2=\"").Append(zero).Append("\"/>\n");
        }

        for (var s = 0; s < series.Count; s++)
        {
            var color = Svg.Color(s);
            var path = new StringBuilder();
            var pen = 'M';
            for (var i = 0; i < series[s].Values.Count && i < categories.Count; i++)
            {
                if (series[s].Values[i] is not { } v)
                {
                    pen = 'M';
                    continue;
                }

                path.Append(pen).Append(Svg.F(X(i))).Append(',').Append(Svg.F(frame.Y(v))).Append(' ');
                pen = 'L';
            }

            html.Append("<path class=\"series\" data-series=\"").Append(Svg.Text(series[s].Name)).Append("\" fill=\"none\" stroke=\"").Append(color)
                .Append("\" stroke-width=\"2.5\" d=\"").Append(path.ToString().TrimEnd()).Append("\"/>\n");
            for (var i = 0; i < series[s].Values.Count && i < categories.Count; i++)
            {
                if (series[s].Values[i] is { } v)
                {
                    html.Append("<circle class=\"point\" cx=\"").Append(Svg.F(X(i))).Append("\" cy=\"").Append(Svg.F(frame.Y(v)))
                        .Append("\" r=\"3.5\" fill=\"").Append(color).Append("\"><title>").Append(Svg.Text($"{series[s].Name} · {categories[i]}: {Svg.Label(v)}"))
                        .Append("</title></circle>\n");
                }
            }
        }

        ChartFrame.Legend(html, [.. series.Select(s => s.Name)]);
        ChartFrame.Close(html);
    }
}
