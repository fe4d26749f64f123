namespace Tributary.Configuration;

/// <summary>How source files are discovered and split into records (section <c>Extract</c>).</summary>
public sealed class ExtractOptions
{
    // Settings are added by the extract work; see README "Configuration reference".
}
