using System.Text;

namespace Tributary.Reporting.Internal;

/// <summary>Grouped vertical columns: one group per category, one column per series; negatives hang below zero.</summary>
internal static class ColumnChart
{
    public static void Render(StringBuilder html, string id, string label, string unit, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        var group = ChartFrame.PlotWidth / Math.Max(1, categories.Count);
        var column = Math.Max(1, group * 0.8 / Math.Max(1, series.Count));
        double Center(int i) => ChartFrame.Left + (group * i) + (group / 2);
        ChartFrame.Draw(html, id, label, unit, categories, series, Center, legend: series.Count > 1, frame =>
        {
            var zero = frame.Y(0);
            for (var s = 0; s < series.Count; s++)
            {
                for (var i = 0; i < categories.Count && i < series[s].Values.Count; i++)
                {
                    if (series[s].Values[i] is not { } v || v == 0)
                    {
                        continue;
                    }

                    var x = Center(i) - (group * 0.4) + (s * column);
                    var y = Math.Min(zero, frame.Y(v));
                    var h = Math.Max(1, Math.Abs(frame.Y(v) - zero));
                    var fill = series.Count == 1 && v < 0 ? Svg.Negative : Svg.Color(s);
                    html.Append("<rect class=\"bar\" x=\"").Append(Svg.F(x)).Append("\" y=\"").Append(Svg.F(y)).Append("\" width=\"").Append(Svg.F(column * 0.92))
                        .Append("\" height=\"").Append(Svg.F(h)).Append("\" fill=\"").Append(fill).Append("\"><title>")
                        .Append(Svg.Text($"{series[s].Name} · {categories[i]}: {Svg.Label(v)}")).Append("</title></rect>\n");
                }
            }
        });
    }
}
