namespace Tributary.Configuration;

/// <summary>The load stage: curation SQL, tables and exactly-once settings (section <c>Load</c>).</summary>
public sealed class LoadOptions
{
    // Settings are added by the load work; see README "Configuration reference".
}
