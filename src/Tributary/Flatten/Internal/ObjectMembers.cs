using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>
/// Reads an object's members as Python's <c>json.loads</c> sees them: a repeated key keeps the position of its first
/// occurrence and the value of its last.
/// </summary>
internal static class ObjectMembers
{
    /// <summary>Returns null when the object has no repeated keys (the common case), else the de-duplicated members.</summary>
    public static List<KeyValuePair<string, JsonElement>>? DeduplicateIfNeeded(JsonElement obj)
    {
        var count = obj.GetPropertyCount();
        if (count < 2 || !HasRepeatedNames(obj, count))
        {
            return null;
        }

        var members = new List<KeyValuePair<string, JsonElement>>(count);
        var positions = new Dictionary<string, int>(count, StringComparer.Ordinal);
        foreach (var member in obj.EnumerateObject())
        {
            if (positions.TryGetValue(member.Name, out var position))
            {
                members[position] = new(member.Name, member.Value);
            }
            else
            {
                positions.Add(member.Name, members.Count);
                members.Add(new(member.Name, member.Value));
            }
        }

        return members;
    }

    private static bool HasRepeatedNames(JsonElement obj, int count)
    {
        if (count > 64)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in obj.EnumerateObject())
            {
                if (!seen.Add(member.Name))
                {
                    return true;
                }
            }

            return false;
        }

        // A cheap signature per name (length, first, middle and last byte): names that differ in it differ, and the
        // few that share it are compared whole.
        Span<int> hashes = stackalloc int[count];
        var escaped = false;
        var i = 0;
        foreach (var member in obj.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(member);
            escaped |= raw.Contains((byte)'\\');
            hashes[i++] = Signature(raw);
        }

        if (escaped)
        {
            // Two spellings of one name ("a" and "\u0061") only compare equal once unescaped.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in obj.EnumerateObject())
            {
                if (!seen.Add(member.Name))
                {
                    return true;
                }
            }

            return false;
        }

        for (var a = 1; a < count; a++)
        {
            for (var b = 0; b < a; b++)
            {
                if (hashes[a] == hashes[b] && SameRawName(obj, a, b))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Signature(ReadOnlySpan<byte> name) =>
        name.IsEmpty ? 0 : (name.Length << 24) ^ (name[0] << 16) ^ (name[name.Length / 2] << 8) ^ name[^1];

    private static bool SameRawName(JsonElement obj, int a, int b)
    {
        ReadOnlySpan<byte> first = default;
        var i = 0;
        foreach (var member in obj.EnumerateObject())
        {
            if (i == b)
            {
                first = JsonMarshal.GetRawUtf8PropertyName(member);
            }
            else if (i == a)
            {
                return first.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(member));
            }

            i++;
        }

        return false;
    }
}
