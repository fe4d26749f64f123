namespace Tributary.Configuration;

/// <summary>The transform stage: flatten mode and limits (section <c>Transform</c>).</summary>
public sealed class TransformOptions
{
    // Settings are added by the transform work; see README "Configuration reference".
}
