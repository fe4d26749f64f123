namespace Tributary.Configuration;

/// <summary>Continuous mode: discovery, load schedule, metrics and health thresholds (section <c>Watch</c>).</summary>
public sealed class WatchOptions
{
    // Settings are added by the watch work; see README "Configuration reference".
}
