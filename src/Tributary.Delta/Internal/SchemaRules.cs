using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal;

/// <summary>Checks on schemas and partition columns that every table must satisfy.</summary>
internal static class SchemaRules
{
    public static void ValidateTable(StructType schema, IReadOnlyList<string> partitionColumns)
    {
        CheckUniqueNames(schema, string.Empty);
        if (schema.Fields.Count == 0)
        {
            throw new DeltaSchemaException("A table needs at least one column.");
        }

        foreach (var column in partitionColumns)
        {
            var field = schema.Find(column)
                ?? throw new DeltaSchemaException($"Partition column '{column}' is not in the schema.");
            if (field.Type is StructType or ArrayType or MapType)
            {
                throw new DeltaSchemaException($"Partition column '{column}' has type {TypeName(field.Type)}; partition columns must be primitive.");
            }
        }

        if (partitionColumns.Count > 0 && partitionColumns.Count == schema.Fields.Count)
        {
            throw new DeltaSchemaException("Every column is a partition column; a table needs at least one data column.");
        }

        if (partitionColumns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != partitionColumns.Count)
        {
            throw new DeltaSchemaException("Partition columns must be unique.");
        }
    }

    public static string TypeName(DeltaType type) => type switch
    {
        StructType => "struct",
        ArrayType a => $"array<{TypeName(a.ElementType)}>",
        MapType m => $"map<{TypeName(m.KeyType)},{TypeName(m.ValueType)}>",
        _ => type.ToString() ?? string.Empty,
    };

    private static void CheckUniqueNames(StructType schema, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in schema.Fields)
        {
            if (string.IsNullOrEmpty(field.Name))
            {
                throw new DeltaSchemaException($"A column under '{prefix}' has an empty name.");
            }

            if (!seen.Add(field.Name))
            {
                throw new DeltaSchemaException($"Column '{prefix}{field.Name}' appears twice (names are compared ignoring case).");
            }

            var nested = field.Type;
            while (nested is ArrayType or MapType)
            {
                nested = nested is ArrayType a ? a.ElementType : ((MapType)nested).ValueType;
            }

            if (nested is StructType st)
            {
                CheckUniqueNames(st, $"{prefix}{field.Name}.");
            }
        }
    }
}
