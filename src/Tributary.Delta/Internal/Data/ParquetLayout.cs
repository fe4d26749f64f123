using Parquet.Schema;
using Tributary.Delta.Schema;
using ParquetStructField = Parquet.Schema.StructField;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// The Parquet schema this library writes for a Delta schema: int64 MICROS UTC timestamps, INT32 DATE, INT(8)/INT(16)
/// for byte/short, decimals, and 3-level LIST/MAP groups; plus the <see cref="ShredNode"/> tree that writes into it.
/// </summary>
internal sealed class ParquetLayout
{
    private ParquetLayout(ParquetSchema schema, IReadOnlyList<ShredNode> columns, StructType dataSchema)
    {
        Schema = schema;
        Columns = columns;
        DataSchema = dataSchema;
    }

    public ParquetSchema Schema { get; }

    /// <summary>One node per top-level column of <see cref="DataSchema"/>.</summary>
    public IReadOnlyList<ShredNode> Columns { get; }

    /// <summary>The columns stored in the file (the table schema without partition columns).</summary>
    public StructType DataSchema { get; }

    public static ParquetLayout Create(StructType dataSchema)
    {
        var nodes = new List<ShredNode>();
        var fields = new List<Field>();
        foreach (var column in dataSchema.Fields)
        {
            var (field, node) = Build(column.Name, column.Type, column.Nullable, 0, 0);
            fields.Add(field);
            nodes.Add(node);
        }

        var schema = new ParquetSchema(fields);
        foreach (var leaf in nodes.SelectMany(n => n.Leaves()))
        {
            var dataField = leaf.Leaf!;
            if (dataField.MaxDefinitionLevel != leaf.Definition || dataField.MaxRepetitionLevel != leaf.Repetition)
            {
                throw new InvalidOperationException(
                    $"Internal error: Parquet levels of '{dataField.Path}' are {dataField.MaxDefinitionLevel}/{dataField.MaxRepetitionLevel}, expected {leaf.Definition}/{leaf.Repetition}.");
            }
        }

        return new ParquetLayout(schema, nodes, dataSchema);
    }

    private static (Field Field, ShredNode Node) Build(string name, DeltaType type, bool nullable, int parentDefinition, int parentRepetition)
    {
        switch (type)
        {
            case StructType s:
                {
                    // Parquet.Net always writes groups as optional, so a struct adds a definition level.
                    var definition = parentDefinition + 1;
                    var children = s.Fields.Select(f => Build(f.Name, f.Type, f.Nullable, definition, parentRepetition)).ToList();
                    var field = new ParquetStructField(name, children.Select(c => c.Field).ToArray());
                    return (field, new ShredNode
                    {
                        Name = name,
                        Type = type,
                        Optional = true,
                        Definition = definition,
                        Repetition = parentRepetition,
                        Children = children.Select(c => c.Node).ToList(),
                    });
                }

            case ArrayType a:
                {
                    var element = Build("element", a.ElementType, a.ContainsNull, parentDefinition + 2, parentRepetition + 1);
                    return Repeated(new ListField(name, element.Field), name, type, parentDefinition, parentRepetition, [element.Node]);
                }

            case MapType m:
                {
                    var key = Build("key", m.KeyType, false, parentDefinition + 2, parentRepetition + 1);
                    var value = Build("value", m.ValueType, m.ValueContainsNull, parentDefinition + 2, parentRepetition + 1);
                    return Repeated(new MapField(name, key.Field, value.Field), name, type, parentDefinition, parentRepetition, [key.Node, value.Node]);
                }

            default:
                {
                    var leaf = LeafField(name, type, nullable);
                    return (leaf, new ShredNode
                    {
                        Name = name,
                        Type = type,
                        Optional = nullable,
                        Definition = parentDefinition + (nullable ? 1 : 0),
                        Repetition = parentRepetition,
                        Leaf = leaf,
                    });
                }
        }
    }

    // A list or map: an optional group (one definition level) holding repeated entries (one more of each level).
    private static (Field Field, ShredNode Node) Repeated(Field field, string name, DeltaType type, int parentDefinition, int parentRepetition, List<ShredNode> children) =>
        (field, new ShredNode
        {
            Name = name,
            Type = type,
            Optional = true,
            Definition = parentDefinition + 1,
            Repetition = parentRepetition,
            EntryDefinition = parentDefinition + 2,
            EntryRepetition = parentRepetition + 1,
            Children = children,
        });

    private static DataField LeafField(string name, DeltaType type, bool nullable) => type switch
    {
        DecimalType d when d.Precision > 28 => throw new DeltaSchemaException(
            $"Column '{name}' is {d}; this library writes decimals up to precision 28 (the range of System.Decimal)."),
        DecimalType d => new DecimalDataField(name, d.Precision, d.Scale, forceByteArrayEncoding: false, isNullable: nullable),
        PrimitiveType { Name: "timestamp" } => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable),
        PrimitiveType p => new DataField(name, p.Name switch
        {
            "string" => typeof(string),
            "long" => typeof(long),
            "integer" => typeof(int),
            "short" => typeof(short),
            "byte" => typeof(sbyte),
            "boolean" => typeof(bool),
            "float" => typeof(float),
            "double" => typeof(double),
            "date" => typeof(DateOnly),
            "binary" => typeof(byte[]),
            _ => throw new DeltaSchemaException($"Column '{name}' has type '{p.Name}', which this library cannot write."),
        }, isNullable: nullable),
        _ => throw new DeltaSchemaException($"Column '{name}' has type {ColumnTypes.Describe(type)}, which this library cannot write."),
    };
}
