using Tributary.Runtime;

namespace Tributary.Watch.Internal;

/// <summary>Passes each stage name a run reports to a callback, on the reporting thread (no synchronisation context).</summary>
internal sealed class StageProgress(Action<string> stageStarted) : IProgress<RunProgress>
{
    private string? _last;

    public void Report(RunProgress value)
    {
        if (!string.Equals(value.Stage, _last, StringComparison.Ordinal))
        {
            _last = value.Stage;
            stageStarted(value.Stage);
        }
    }
}
