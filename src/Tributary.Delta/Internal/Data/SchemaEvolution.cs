using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Additive schema evolution: the data may bring new nullable columns (top level or inside structs); any type change
/// of an existing column is refused, naming the column and both types.
/// </summary>
internal static class SchemaEvolution
{
    /// <summary>Same type ignoring nullability flags and field-name case (Delta names are case-insensitive).</summary>
    public static bool SameType(DeltaType a, DeltaType b) => (a, b) switch
    {
        (PrimitiveType x, PrimitiveType y) => x.Name == y.Name,
        (DecimalType x, DecimalType y) => x.Precision == y.Precision && x.Scale == y.Scale,
        (ArrayType x, ArrayType y) => SameType(x.ElementType, y.ElementType),
        (MapType x, MapType y) => SameType(x.KeyType, y.KeyType) && SameType(x.ValueType, y.ValueType),
        (StructType x, StructType y) => x.Fields.Count == y.Fields.Count
            && x.Fields.All(f => y.Find(f.Name) is { } g && SameType(f.Type, g.Type)),
        _ => false,
    };

    /// <summary>
    /// True when values of <paramref name="data"/> can be written as <paramref name="table"/>: the same type, or
    /// structs (also nested in arrays and maps) that lack some of the table's fields, which are written as null.
    /// </summary>
    public static bool Fits(DeltaType data, DeltaType table) => (data, table) switch
    {
        (ArrayType x, ArrayType y) => Fits(x.ElementType, y.ElementType),
        (MapType x, MapType y) => Fits(x.KeyType, y.KeyType) && Fits(x.ValueType, y.ValueType),
        (StructType x, StructType y) => x.Fields.All(f => y.Find(f.Name) is { } g && Fits(f.Type, g.Type)),
        _ => SameType(data, table),
    };

    /// <summary>
    /// Returns the table schema extended by the data's new columns, or the table schema itself when nothing is new.
    /// New fields may appear at the top level or inside structs, also structs that are array elements or map values.
    /// </summary>
    /// <exception cref="DeltaSchemaException">A type change, or new columns when evolution is not allowed.</exception>
    public static StructType Merge(StructType table, StructType data, bool allowNewColumns) =>
        MergeStruct(table, data, allowNewColumns, string.Empty);

    private static StructType MergeStruct(StructType table, StructType data, bool allowNewColumns, string path)
    {
        var fields = new List<StructField>(table.Fields);
        var changed = false;
        foreach (var incoming in data.Fields)
        {
            var name = path + incoming.Name;
            var existing = table.Find(incoming.Name);
            if (existing is null)
            {
                if (!allowNewColumns)
                {
                    throw new DeltaSchemaException($"The data has column '{name}' ({ColumnTypes.Describe(incoming.Type)}), which the table does not have; allow schema evolution to add it.");
                }

                fields.Add(incoming with { Nullable = true });
                changed = true;
                continue;
            }

            var merged = MergeType(existing.Type, incoming.Type, allowNewColumns, name);
            if (!ReferenceEquals(merged, existing.Type))
            {
                fields[fields.IndexOf(existing)] = existing with { Type = merged };
                changed = true;
            }
        }

        return changed ? new StructType(fields) : table;
    }

    // Returns the table's own type object when nothing changed, so callers can tell by reference.
    private static DeltaType MergeType(DeltaType table, DeltaType data, bool allowNewColumns, string path)
    {
        switch (table, data)
        {
            case (StructType t, StructType d):
                return MergeStruct(t, d, allowNewColumns, path + ".");
            case (ArrayType t, ArrayType d):
                var element = MergeType(t.ElementType, d.ElementType, allowNewColumns, path + ".element");
                return ReferenceEquals(element, t.ElementType) ? t : t with { ElementType = element };
            case (MapType t, MapType d):
                var key = MergeType(t.KeyType, d.KeyType, allowNewColumns, path + ".key");
                var value = MergeType(t.ValueType, d.ValueType, allowNewColumns, path + ".value");
                return ReferenceEquals(key, t.KeyType) && ReferenceEquals(value, t.ValueType) ? t : t with { KeyType = key, ValueType = value };
            default:
                if (!SameType(table, data))
                {
                    throw new DeltaSchemaException(
                        $"Column '{path}' has type {ColumnTypes.Describe(table)} in the table and {ColumnTypes.Describe(data)} in the data; Delta does not allow changing a column's type.");
                }

                return table;
        }
    }
}
