namespace Tributary.Reporting.Internal;

/// <summary>The report's inline stylesheet: the file must render with no network, so nothing is linked.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { color-scheme: light; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --card: #ffffff; --bg: #f1f5f9; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        header { margin-bottom: 16px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 10px; }
        h3 { font-size: 14px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
        .meta { color: var(--muted); }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
        .tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
        .tile .value { font-size: 22px; font-weight: 650; }
        .tile .label { color: var(--muted); font-size: 12px; }
        .tile.alert .value { color: #dc2626; }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 14px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .zero { stroke: #94a3b8; stroke-width: 1.2; stroke-dasharray: 4 3; }
        svg text { font-size: 11px; fill: #334155; }
        svg .unit { fill: var(--muted); }
        svg .empty { font-size: 14px; fill: var(--muted); }
        table { border-collapse: collapse; width: 100%; background: var(--card); }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); }
        th { color: var(--muted); font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-size: 12px; }
        .notes { color: #92400e; }
        """;
}
