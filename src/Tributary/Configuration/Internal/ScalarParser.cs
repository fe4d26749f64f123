using System.Globalization;

namespace Tributary.Configuration.Internal;

/// <summary>Parses configuration text the way the binder will, but says why a value does not fit.</summary>
internal static class ScalarParser
{
    public static bool TryParse(string? text, Type type, out object? value, out string reason)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        value = null;
        reason = "";
        if (string.IsNullOrEmpty(text))
        {
            if (underlying is not null || !type.IsValueType)
            {
                return true;
            }

            reason = "a value is required";
            return false;
        }

        type = underlying ?? type;
        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (type.IsEnum)
        {
            // Numbers would bind silently to any enum; only names are accepted.
            if (!char.IsDigit(text[0]) && text[0] != '-' && Enum.TryParse(type, text, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!))
            {
                value = parsed;
                return true;
            }

            reason = $"'{text}' is not allowed";
            return false;
        }

        var culture = CultureInfo.InvariantCulture;
        var ok = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => Try(bool.TryParse(text, out var b), b, out value),
            TypeCode.Byte => Try(byte.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.SByte => Try(sbyte.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.Int16 => Try(short.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.UInt16 => Try(ushort.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.Int32 => Try(int.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.UInt32 => Try(uint.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.Int64 => Try(long.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.UInt64 => Try(ulong.TryParse(text, NumberStyles.Integer, culture, out var n), n, out value),
            TypeCode.Single => Try(float.TryParse(text, NumberStyles.Float, culture, out var n), n, out value),
            TypeCode.Double => Try(double.TryParse(text, NumberStyles.Float, culture, out var n), n, out value),
            TypeCode.Decimal => Try(decimal.TryParse(text, NumberStyles.Number, culture, out var n), n, out value),
            TypeCode.DateTime => Try(DateTime.TryParse(text, culture, DateTimeStyles.RoundtripKind, out var d), d, out value),
            _ when type == typeof(TimeSpan) => Try(TimeSpan.TryParse(text, culture, out var t), t, out value),
            _ when type == typeof(DateTimeOffset) => Try(DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var d), d, out value),
            _ when type == typeof(Guid) => Try(Guid.TryParse(text, out var g), g, out value),
            _ when type == typeof(Uri) => Try(Uri.TryCreate(text, UriKind.Absolute, out var u), u, out value),
            _ => Try(false, 0, out value),
        };
        if (!ok)
        {
            reason = $"'{text}' is not {Describe(type)}";
        }

        return ok;
    }

    private static bool Try<T>(bool parsed, T result, out object? value)
    {
        value = parsed ? result : null;
        return parsed;
    }

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "a boolean",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
            or TypeCode.Int64 or TypeCode.UInt64 => "a whole number in range",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        _ when type == typeof(TimeSpan) => "a duration",
        _ when type == typeof(Uri) => "an absolute URI",
        _ => $"a valid {type.Name}",
    };
}
