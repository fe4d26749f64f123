namespace Tributary.Configuration;

/// <summary>The process stage and its event-source mapping (section <c>Process</c>).</summary>
public sealed class ProcessOptions
{
    // Settings are added by the process work; see README "Configuration reference".
}
