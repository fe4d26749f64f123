using System.Collections;
using System.Globalization;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>Converts loosely typed values (from rows, predicates, JSON) to the CLR type of a column.</summary>
internal static class ValueConverter
{
    public static object? ToColumnValue(DeltaType type, object? value)
    {
        if (value is null || value is DBNull)
        {
            return null;
        }

        switch (type)
        {
            case DecimalType d:
                return Decimals.ToColumnValue(d, value);
            case StructType s:
                return ToStruct(s, value);
            case ArrayType a:
                if (value is string || value is not IEnumerable items)
                {
                    throw new InvalidCastException($"{value.GetType().Name} is not a list.");
                }

                var list = new List<object?>();
                foreach (var item in items)
                {
                    list.Add(ToColumnValue(a.ElementType, item));
                }

                return list;
            case MapType m:
                if (value is not IEnumerable entries)
                {
                    throw new InvalidCastException($"{value.GetType().Name} is not a map.");
                }

                var map = new Dictionary<object, object?>();
                foreach (var entry in entries)
                {
                    var (key, item) = entry switch
                    {
                        DictionaryEntry de => (de.Key, de.Value),
                        _ => ((object?)entry.GetType().GetProperty("Key")?.GetValue(entry), entry.GetType().GetProperty("Value")?.GetValue(entry)),
                    };
                    map[ToColumnValue(m.KeyType, key) ?? throw new InvalidCastException("A map key is null.")] = ToColumnValue(m.ValueType, item);
                }

                return map;
            case PrimitiveType p:
                return ToPrimitive(p.Name, value);
            default:
                throw new InvalidCastException($"Unsupported type {type}.");
        }
    }

    private static object ToPrimitive(string name, object value)
    {
        var culture = CultureInfo.InvariantCulture;
        return name switch
        {
            "string" => value as string ?? Convert.ToString(value, culture)!,
            "long" => value as long? ?? Convert.ToInt64(value, culture),
            "integer" => value as int? ?? Convert.ToInt32(value, culture),
            "short" => value as short? ?? Convert.ToInt16(value, culture),
            "byte" => value as sbyte? ?? Convert.ToSByte(value, culture),
            "boolean" => value as bool? ?? Convert.ToBoolean(value, culture),
            "float" => value as float? ?? Convert.ToSingle(value, culture),
            "double" => value as double? ?? Convert.ToDouble(value, culture),
            "binary" => value as byte[] ?? throw new InvalidCastException($"{value.GetType().Name} is not byte[]."),
            "date" => value switch
            {
                DateOnly d => d,
                DateTime dt => DateOnly.FromDateTime(dt),
                DateTimeOffset dto => DateOnly.FromDateTime(dto.UtcDateTime),
                string s => DateOnly.ParseExact(s, "yyyy-MM-dd", culture),
                _ => throw new InvalidCastException($"{value.GetType().Name} is not a date."),
            },
            "timestamp" => value switch
            {
                DateTimeOffset dto => Timestamps.TruncateToMicros(dto.ToUniversalTime()),
                DateTime dt => Timestamps.TruncateToMicros(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime(), TimeSpan.Zero)),
                string s => Timestamps.TruncateToMicros(DateTimeOffset.Parse(s, culture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
                long micros => Timestamps.FromMicros(micros),
                _ => throw new InvalidCastException($"{value.GetType().Name} is not a timestamp."),
            },
            _ => throw new InvalidCastException($"Unsupported type {name}."),
        };
    }

    private static Dictionary<string, object?> ToStruct(StructType type, object value)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> ro:
                foreach (var field in type.Fields)
                {
                    result[field.Name] = ToColumnValue(field.Type, FindField(ro, field.Name));
                }

                break;
            case IDictionary<string, object?> rw:
                foreach (var field in type.Fields)
                {
                    rw.TryGetValue(field.Name, out var item);
                    result[field.Name] = ToColumnValue(field.Type, item);
                }

                break;
            default:
                throw new InvalidCastException($"{value.GetType().Name} is not a struct (a dictionary of field names).");
        }

        return result;
    }

    /// <summary>A field of a row by name: the exact name first, then ignoring case (as Delta resolves column names).</summary>
    internal static object? FindField(IReadOnlyDictionary<string, object?> row, string name)
    {
        if (row.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var pair in row)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
