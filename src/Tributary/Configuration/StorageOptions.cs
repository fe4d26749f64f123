namespace Tributary.Configuration;

/// <summary>Where the data root is and which object store holds it (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    // Settings are added by the foundation work; see README "Configuration reference".
}
