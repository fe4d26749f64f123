using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>Maps Delta types to the CLR element types that <see cref="DeltaBatch"/> columns hold.</summary>
internal static class ColumnTypes
{
    public static Type ElementType(DeltaType type) => type switch
    {
        PrimitiveType p => p.Name switch
        {
            "string" => typeof(string),
            "long" => typeof(long?),
            "integer" => typeof(int?),
            "short" => typeof(short?),
            "byte" => typeof(sbyte?),
            "boolean" => typeof(bool?),
            "float" => typeof(float?),
            "double" => typeof(double?),
            "date" => typeof(DateOnly?),
            "timestamp" => typeof(DateTimeOffset?),
            "binary" => typeof(byte[]),
            _ => throw new DeltaSchemaException($"The column type '{p.Name}' is not supported by this library."),
        },
        DecimalType d => Decimals.IsWide(d) ? typeof(DeltaDecimal?) : typeof(decimal?),
        StructType or ArrayType or MapType => typeof(object),
        _ => throw new DeltaSchemaException($"The column type '{type}' is not supported by this library."),
    };

    public static Array CreateColumn(DeltaType type, int length) => Array.CreateInstance(ElementType(type), length);

    public static bool IsPrimitive(DeltaType type) => type is PrimitiveType or DecimalType;

    /// <summary>A readable name of a type for error messages (the schema JSON name).</summary>
    public static string Describe(DeltaType type) => type switch
    {
        PrimitiveType p => p.Name,
        DecimalType d => d.ToString(),
        ArrayType a => $"array<{Describe(a.ElementType)}>",
        MapType m => $"map<{Describe(m.KeyType)},{Describe(m.ValueType)}>",
        StructType s => $"struct<{string.Join(",", s.Fields.Select(f => $"{f.Name}:{Describe(f.Type)}"))}>",
        _ => type.ToString() ?? "?",
    };
}
