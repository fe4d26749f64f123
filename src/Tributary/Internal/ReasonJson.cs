using System.Text.Json;

namespace Tributary.Internal;

/// <summary>How reason files (quarantine, on-failure records) are written: indented, camelCase, readable by people.</summary>
internal static class ReasonJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
