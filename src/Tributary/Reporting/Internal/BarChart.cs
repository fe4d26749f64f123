using System.Text;

namespace Tributary.Reporting.Internal;

/// <summary>Horizontal bars, one per labelled item (a stage, a store), with the value written at the bar's end.</summary>
internal static class BarChart
{
    private const double LabelWidth = 170;
    private const double RowHeight = 26;

    public static void Render(StringBuilder html, string id, string label, IReadOnlyList<(string Label, double Value)> bars, Func<double, string> format)
    {
        var height = Math.Max(80, 20 + (bars.Count * RowHeight));
        ChartFrame.Open(html, id, label, height);
        if (bars.Count == 0)
        {
            ChartFrame.Empty(html, "No data yet", y: 40);
            ChartFrame.Close(html);
            return;
        }

        var max = Math.Max(bars.Max(b => Math.Abs(b.Value)), 1e-9);
        var plot = ChartFrame.Width - LabelWidth - 90;
        for (var i = 0; i < bars.Count; i++)
        {
            var (text, value) = bars[i];
            var y = 10 + (i * RowHeight);
            var width = Math.Max(1, Math.Abs(value) / max * plot);
            html.Append("<text class=\"tick\" x=\"").Append(Svg.F(LabelWidth - 8)).Append("\" y=\"").Append(Svg.F(y + 13))
                .Append("\" text-anchor=\"end\">").Append(Svg.Text(text)).Append("</text>")
                .Append("<rect class=\"bar\" x=\"").Append(Svg.F(LabelWidth)).Append("\" y=\"").Append(Svg.F(y + 2)).Append("\" width=\"").Append(Svg.F(width))
                .Append("\" height=\"").Append(Svg.F(RowHeight - 8)).Append("\" fill=\"").Append(value < 0 ? Svg.Negative : Svg.Color(0)).Append("\"><title>")
                .Append(Svg.Text($"{text}: {format(value)}")).Append("</title></rect>")
                .Append("<text class=\"value\" x=\"").Append(Svg.F(LabelWidth + width + 6)).Append("\" y=\"").Append(Svg.F(y + 13)).Append("\">")
                .Append(Svg.Text(format(value))).Append("</text>\n");
        }

        ChartFrame.Close(html);
    }
}
