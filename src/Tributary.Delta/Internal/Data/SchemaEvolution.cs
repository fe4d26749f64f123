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
    /// Returns the table schema extended by the data's new columns, or the table schema itself when nothing is new.
    /// </summary>
    /// <exception cref="DeltaSchemaException">A type change, or new columns when evolution is not allowed.</exception>
    public static StructType Merge(StructType table, StructType data, bool allowNewColumns, string path = "")
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

            if (existing.Type is StructType existingStruct && incoming.Type is StructType incomingStruct)
            {
                var merged = Merge(existingStruct, incomingStruct, allowNewColumns, name + ".");
                if (!ReferenceEquals(merged, existingStruct))
                {
                    fields[fields.IndexOf(existing)] = existing with { Type = merged };
                    changed = true;
                }

                continue;
            }

            if (!SameType(existing.Type, incoming.Type))
            {
                throw new DeltaSchemaException(
                    $"Column '{name}' has type {ColumnTypes.Describe(existing.Type)} in the table and {ColumnTypes.Describe(incoming.Type)} in the data; Delta does not allow changing a column's type.");
            }
        }

        return changed ? new StructType(fields) : table;
    }
}
