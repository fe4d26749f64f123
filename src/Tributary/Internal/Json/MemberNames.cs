using System.Text.Json;

namespace Tributary.Internal.Json;

/// <summary>Compares the reader's current member name with a wanted one.</summary>
internal static class MemberNames
{
    /// <summary>
    /// Whether the current member name is <paramref name="name"/> (valid UTF-8). A name escaping half a surrogate pair
    /// is valid JSON, but the reader cannot compare it (it throws); such a name cannot equal a valid one.
    /// </summary>
    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals(name);
        }

        try
        {
            return reader.ValueTextEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
