using System.Globalization;

namespace Tributary.Reporting.Internal;

/// <summary>Formatting shared by the charts: invariant numbers, escaped text, the palette and axis ticks.</summary>
internal static class Svg
{
    /// <summary>Series colours, chosen to stay distinct for colour-blind readers in the first four.</summary>
    public static readonly string[] Palette = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0d9488", "#ca8a04", "#db2777"];

    public const string Positive = "#16a34a";
    public const string Negative = "#dc2626";

    public static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Escapes the five markup characters only: the file is UTF-8, so other text stays readable in the source.</summary>
    public static string Text(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    public static string Color(int index) => Palette[index % Palette.Length];

    /// <summary>A human label for an axis value: 1.2k, 3.4M, 0.25.</summary>
    public static string Label(double value)
    {
        var abs = Math.Abs(value);
        return abs switch
        {
            >= 1_000_000_000 => (value / 1_000_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "G",
            >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Round tick values covering [min, max], about <paramref name="count"/> of them.</summary>
    public static double[] Ticks(double min, double max, int count = 5)
    {
        if (max <= min)
        {
            max = min + 1;
        }

        var rough = (max - min) / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (rough / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        } * magnitude;
        var start = Math.Floor(min / step) * step;
        var end = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var v = start; v <= end + (step / 2); v += step)
        {
            ticks.Add(Math.Round(v / step) * step);
        }

        return [.. ticks];
    }
}
