using System.Diagnostics;
using System.Globalization;
using Tributary.Runtime;

namespace Tributary.Cli.Commands;

/// <summary>
/// Shows a run's progress on standard error: one line rewritten in place on a terminal, plain lines (at each stage
/// change and every few seconds) when standard error is redirected, nothing for <c>--format json</c> unless verbose.
/// </summary>
internal sealed class RunProgressPrinter(TextWriter error, bool terminal, bool quiet) : IProgress<RunProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private string? _stage;
    private TimeSpan _last = TimeSpan.MinValue;
    private int _width;

    public void Report(RunProgress value)
    {
        if (quiet)
        {
            return;
        }

        lock (_gate)
        {
            var now = _clock.Elapsed;
            var changed = value.Stage != _stage;
            var interval = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
            if (!changed && now - _last < interval)
            {
                return;
            }

            if (changed && _stage is not null && terminal)
            {
                error.WriteLine();
                _width = 0;
            }

            _stage = value.Stage;
            _last = now;
            var line = string.Create(CultureInfo.InvariantCulture, $"{value.Stage,-8} {value.Records,12:N0} records  {now.TotalSeconds,7:F1} s");
            if (terminal)
            {
                error.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
            else
            {
                error.WriteLine(line);
            }
        }
    }

    /// <summary>Ends the in-place line before the summary is printed.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (terminal && !quiet && _stage is not null)
            {
                error.WriteLine();
            }
        }
    }
}
