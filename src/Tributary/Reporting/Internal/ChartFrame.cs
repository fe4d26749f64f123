using System.Text;

namespace Tributary.Reporting.Internal;

/// <summary>
/// The frame every chart shares: an <c>svg</c> element with a title, a value axis with grid lines, category labels
/// and a legend. Charts draw their marks inside the plot area it computes.
/// </summary>
internal sealed class ChartFrame
{
    public const double Width = 600;
    public const double Height = 280;
    public const double Left = 60;
    public const double Right = 16;
    public const double Top = 34;
    public const double Bottom = 48;

    private readonly double[] _ticks;

    public ChartFrame(double min, double max)
    {
        _ticks = Svg.Ticks(Math.Min(0, min), Math.Max(0, max));
        Min = _ticks[0];
        Max = _ticks[^1];
    }

    public double Min { get; }

    public double Max { get; }

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public double Y(double value) => Top + PlotHeight - ((value - Min) / (Max - Min) * PlotHeight);

    /// <summary>
    /// Draws a chart over ordered categories: the frame, "No data yet" when there is nothing to draw, else the value
    /// axis, the category labels at <paramref name="x"/>, the marks <paramref name="drawMarks"/> adds within the
    /// frame's scale, and the legend of the series when <paramref name="legend"/> is set.
    /// </summary>
    public static void Draw(
        StringBuilder html,
        string id,
        string label,
        string unit,
        IReadOnlyList<string> categories,
        IReadOnlyList<ChartSeries> series,
        Func<int, double> x,
        bool legend,
        Action<ChartFrame> drawMarks)
    {
        Open(html, id, label);
        var values = series.SelectMany(s => s.Values).OfType<double>().ToArray();
        if (categories.Count == 0 || values.Length == 0)
        {
            Empty(html, "No data yet");
            Close(html);
            return;
        }

        var frame = new ChartFrame(values.Min(), values.Max());
        frame.ValueAxis(html, unit);
        CategoryAxis(html, categories, x);
        drawMarks(frame);
        if (legend)
        {
            Legend(html, [.. series.Select(s => s.Name)]);
        }

        Close(html);
    }

    /// <summary>Opens the <c>svg</c> element of a chart <paramref name="height"/> units tall (the standard height by default).</summary>
    public static void Open(StringBuilder html, string id, string label, double height = Height)
    {
        html.Append("<svg class=\"chart\" data-chart=\"").Append(id).Append("\" role=\"img\" aria-label=\"").Append(Svg.Text(label))
            .Append("\" viewBox=\"0 0 ").Append(Svg.F(Width)).Append(' ').Append(Svg.F(height))
            .Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    }

    public static void Close(StringBuilder html) => html.Append("</svg>\n");

    public void ValueAxis(StringBuilder html, string unit)
    {
        foreach (var tick in _ticks)
        {
            var y = Svg.F(Y(tick));
            html.Append("<line class=\"grid\" x1=\"").Append(Svg.F(Left)).Append("\" x2=\"").Append(Svg.F(Width - Right))
                .Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>")
                .Append("<text class=\"tick\" x=\"").Append(Svg.F(Left - 6)).Append("\" y=\"").Append(y)
                .Append("\" text-anchor=\"end\" dominant-baseline=\"middle\">").Append(Svg.Text(Svg.Label(tick))).Append("</text>\n");
        }

        html.Append("<text class=\"unit\" x=\"").Append(Svg.F(Left)).Append("\" y=\"14\">").Append(Svg.Text(unit)).Append("</text>\n");
    }

    /// <summary>Category labels under the plot, thinned so they never overlap.</summary>
    public static void CategoryAxis(StringBuilder html, IReadOnlyList<string> categories, Func<int, double> x)
    {
        var every = Math.Max(1, (int)Math.Ceiling(categories.Count / (PlotWidth / 80)));
        for (var i = 0; i < categories.Count; i += every)
        {
            html.Append("<text class=\"tick\" x=\"").Append(Svg.F(x(i))).Append("\" y=\"").Append(Svg.F(Height - Bottom + 16))
                .Append("\" text-anchor=\"middle\">").Append(Svg.Text(categories[i])).Append("</text>\n");
        }
    }

    public static void Legend(StringBuilder html, IReadOnlyList<string> names)
    {
        var x = Left;
        var y = Height - 12;
        for (var i = 0; i < names.Count; i++)
        {
            html.Append("<rect class=\"swatch\" x=\"").Append(Svg.F(x)).Append("\" y=\"").Append(Svg.F(y - 9)).Append("\" width=\"10\" height=\"10\" fill=\"")
                .Append(Svg.Color(i)).Append("\"/><text class=\"legend\" x=\"").Append(Svg.F(x + 14)).Append("\" y=\"").Append(Svg.F(y))
                .Append("\">").Append(Svg.Text(names[i])).Append("</text>\n");
            x += 24 + (names[i].Length * 6.5);
        }
    }

    /// <summary>The placeholder of a chart with nothing to draw, centred at height <paramref name="y"/> (mid-chart by default).</summary>
    public static void Empty(StringBuilder html, string message, double y = Height / 2) =>
        html.Append("<text class=\"empty\" x=\"").Append(Svg.F(Width / 2)).Append("\" y=\"").Append(Svg.F(y))
            .Append("\" text-anchor=\"middle\">").Append(Svg.Text(message)).Append("</text>\n");
}
