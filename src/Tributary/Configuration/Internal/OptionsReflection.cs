using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Tributary.Configuration.Internal;

/// <summary>What the validators need to know about option types: bindable properties, scalars, collections.</summary>
internal static class OptionsReflection
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static PropertyInfo[] BindableProperties(Type type) => Properties.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true }
            && (p.SetMethod is { IsPublic: true } || !IsScalar(p.PropertyType)))
        .ToArray());

    public static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(DateTime)
            || type == typeof(Uri) || type == typeof(Guid);
    }

    /// <summary>The value type of a string-keyed dictionary, or null.</summary>
    public static Type? DictionaryValueType(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType)
            {
                var definition = candidate.GetGenericTypeDefinition();
                if ((definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                    && candidate.GetGenericArguments()[0] == typeof(string))
                {
                    return candidate.GetGenericArguments()[1];
                }
            }
        }

        return null;
    }

    /// <summary>The element type of an array or list, or null.</summary>
    public static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type == typeof(string) || DictionaryValueType(type) is not null)
        {
            return null;
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    public static string EnumValues(Type enumType) =>
        string.Join(", ", Enum.GetNames(enumType).Select(EnumName));

    public static string EnumName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}:{key}";

    /// <summary>The allowed values of a property in words, from its type and its validation attributes.</summary>
    public static string Allowed(Type type, PropertyInfo? property)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var allowedValues = property?.GetCustomAttribute<AllowedValuesAttribute>();
        if (allowedValues is not null)
        {
            return string.Join(", ", allowedValues.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        }

        var range = property?.GetCustomAttribute<RangeAttribute>();
        var bounds = range is null ? "" : $" from {Format(range.Minimum)} to {Format(range.Maximum)}";
        if (type.IsEnum)
        {
            return EnumValues(type);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true, false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => range is null ? $"whole numbers{IntegerBounds(type)}" : $"whole numbers{bounds}",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => $"numbers{bounds}",
            _ when type == typeof(TimeSpan) => $"durations written [d.]hh:mm:ss[.fff]{bounds}",
            _ when type == typeof(Uri) => "absolute URIs",
            _ when type == typeof(Guid) => "GUIDs",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "ISO 8601 date-times",
            _ => $"text{bounds}",
        };
    }

    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        Enum e => EnumName(e.ToString()),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string IntegerBounds(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => $" from {int.MinValue} to {int.MaxValue}",
        TypeCode.UInt32 => $" from 0 to {uint.MaxValue}",
        TypeCode.Int16 => $" from {short.MinValue} to {short.MaxValue}",
        TypeCode.Byte => " from 0 to 255",
        _ => "",
    };
}
