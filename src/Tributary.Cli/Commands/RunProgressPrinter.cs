using System.Diagnostics;
using System.Globalization;
using Tributary.Runtime;

namespace Tributary.Cli.Commands;

/// <summary>
/// Shows a run's progress on standard error: one line rewritten in place on a terminal, plain lines when standard
/// error is redirected, nothing for <c>--format json</c> unless verbose. A stage's count at its start is not known
/// yet (process runs beside extract and counts once extract is done), so the line a stage leaves behind always shows
/// its last report: on a terminal the line is brought up to date before the next stage starts a new one; plain lines
/// come every few seconds while a stage runs and once when it ends.
/// </summary>
internal sealed class RunProgressPrinter(TextWriter error, bool terminal, bool quiet) : IProgress<RunProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private RunProgress? _latest;
    private bool _latestShown;
    private TimeSpan _last;
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
            if (_latest is not { } previous || previous.Stage != value.Stage)
            {
                if (_latest is not null)
                {
                    EndStage(now);
                }

                _latest = value;
                _latestShown = false;
                _last = now;
                if (terminal)
                {
                    Show(value, now);
                }

                return;
            }

            _latest = value;
            _latestShown = false;
            var interval = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
            if (now - _last >= interval)
            {
                _last = now;
                Show(value, now);
            }
        }
    }

    /// <summary>Ends the last stage's line before the summary is printed.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (!quiet && _latest is not null)
            {
                EndStage(_clock.Elapsed);
                _latest = null;
            }
        }
    }

    /// <summary>Shows the last report of the stage that ends, unless it is on screen already, and ends its line.</summary>
    private void EndStage(TimeSpan now)
    {
        if (!_latestShown)
        {
            Show(_latest!.Value, now);
        }

        if (terminal)
        {
            error.WriteLine();
            _width = 0;
        }
    }

    private void Show(RunProgress value, TimeSpan now)
    {
        _latestShown = true;
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
