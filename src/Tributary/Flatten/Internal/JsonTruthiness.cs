using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>
/// Python truthiness of a JSON value as <c>json.loads</c> would produce it, because flatsplode decides with
/// <c>any(...)</c>: null, false, 0, 0.0, "", [] and {} are falsy.
/// </summary>
internal static class JsonTruthiness
{
    public static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => !value.ValueEquals(ReadOnlySpan<byte>.Empty),
        JsonValueKind.Number => !IsZero(JsonMarshal.GetRawUtf8Value(value)),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.GetPropertyCount() > 0,
        _ => false,
    };

    /// <summary>Python's <c>any(list)</c>.</summary>
    public static bool AnyTruthy(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (IsTruthy(item))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Python's <c>any(dict)</c>: whether at least one key is a non-empty string.</summary>
    public static bool AnyTruthyKey(JsonElement obj)
    {
        foreach (var member in obj.EnumerateObject())
        {
            if (JsonMarshal.GetRawUtf8PropertyName(member).Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsZero(ReadOnlySpan<byte> number)
    {
        if (number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            // An integer: Python keeps it exact, so it is zero only when every digit is.
            foreach (var b in number)
            {
                if (b is not ((byte)'0' or (byte)'-'))
                {
                    return false;
                }
            }

            return true;
        }

        // A float: Python parses it as an IEEE double, so 1e-400 underflows to 0.0 and is falsy.
        return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) == 0;
    }
}
