using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>Reads and writes the Spark-style JSON schema stored in <c>metaData.schemaString</c>.</summary>
public static class DeltaSchemaJson
{
    /// <summary>Parses a schema string. An empty string is an empty struct (some old writers left the schema out).</summary>
    /// <exception cref="DeltaSchemaException">The text is not a valid Delta schema.</exception>
    public static StructType Parse(string schemaString)
    {
        if (string.IsNullOrWhiteSpace(schemaString))
        {
            return new StructType([]);
        }

        try
        {
            using var document = JsonDocument.Parse(schemaString);
            return ParseType(document.RootElement) as StructType
                ?? throw new DeltaSchemaException("The schema's top level must be a struct.");
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new DeltaSchemaException($"Invalid Delta schema: {error.Message}", error);
        }
    }

    /// <summary>Parses one type: a primitive name, <c>decimal(p,s)</c>, or a struct/array/map object.</summary>
    public static DeltaType ParseType(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return ParsePrimitive(element.GetString()!);
        }

        var kind = element.GetProperty("type").GetString();
        switch (kind)
        {
            case "struct":
                var fields = new List<StructField>();
                foreach (var field in element.GetProperty("fields").EnumerateArray())
                {
                    var metadata = field.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetRawText() : "{}";
                    var nullable = !field.TryGetProperty("nullable", out var n) || n.GetBoolean();
                    fields.Add(new StructField(field.GetProperty("name").GetString()!, ParseType(field.GetProperty("type")), nullable, metadata));
                }

                return new StructType(fields);
            case "array":
                return new ArrayType(ParseType(element.GetProperty("elementType")), !element.TryGetProperty("containsNull", out var cn) || cn.GetBoolean());
            case "map":
                return new MapType(
                    ParseType(element.GetProperty("keyType")),
                    ParseType(element.GetProperty("valueType")),
                    !element.TryGetProperty("valueContainsNull", out var vn) || vn.GetBoolean());
            case null:
                throw new DeltaSchemaException("A type object has no 'type'.");
            default:
                // Feature types written as objects, such as {"type":"variant"}: the protocol check decides.
                return new PrimitiveType(kind);
        }
    }

    /// <summary>Serialises a schema compactly, as Spark writes it.</summary>
    public static string Serialize(StructType schema)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteType(writer, schema);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one type as a JSON value.</summary>
    public static void WriteType(Utf8JsonWriter writer, DeltaType type)
    {
        switch (type)
        {
            case StructType st:
                writer.WriteStartObject();
                writer.WriteString("type", "struct");
                writer.WriteStartArray("fields");
                foreach (var field in st.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    WriteType(writer, field.Type);
                    writer.WriteBoolean("nullable", field.Nullable);
                    writer.WritePropertyName("metadata");
                    writer.WriteRawValue(string.IsNullOrWhiteSpace(field.Metadata) ? "{}" : field.Metadata);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case ArrayType at:
                writer.WriteStartObject();
                writer.WriteString("type", "array");
                writer.WritePropertyName("elementType");
                WriteType(writer, at.ElementType);
                writer.WriteBoolean("containsNull", at.ContainsNull);
                writer.WriteEndObject();
                break;
            case MapType mt:
                writer.WriteStartObject();
                writer.WriteString("type", "map");
                writer.WritePropertyName("keyType");
                WriteType(writer, mt.KeyType);
                writer.WritePropertyName("valueType");
                WriteType(writer, mt.ValueType);
                writer.WriteBoolean("valueContainsNull", mt.ValueContainsNull);
                writer.WriteEndObject();
                break;
            case DecimalType dt:
                writer.WriteStringValue(dt.ToString());
                break;
            case PrimitiveType pt:
                writer.WriteStringValue(pt.Name);
                break;
            default:
                throw new DeltaSchemaException($"Cannot serialise type {type.GetType().Name}.");
        }
    }

    private static DeltaType ParsePrimitive(string name)
    {
        if (name.StartsWith("decimal", StringComparison.Ordinal))
        {
            if (name == "decimal")
            {
                return new DecimalType(10, 0);
            }

            var open = name.IndexOf('(', StringComparison.Ordinal);
            var comma = name.IndexOf(',', StringComparison.Ordinal);
            var close = name.IndexOf(')', StringComparison.Ordinal);
            if (open < 0 || comma < open || close < comma)
            {
                throw new DeltaSchemaException($"Invalid decimal type '{name}'.");
            }

            var precision = int.Parse(name.AsSpan(open + 1, comma - open - 1).Trim(), CultureInfo.InvariantCulture);
            var scale = int.Parse(name.AsSpan(comma + 1, close - comma - 1).Trim(), CultureInfo.InvariantCulture);
            if (precision is < 1 or > 38 || scale < 0 || scale > precision)
            {
                throw new DeltaSchemaException($"Invalid decimal type '{name}': precision must be 1..38 and scale 0..precision.");
            }

            return new DecimalType(precision, scale);
        }

        return name switch
        {
            "string" => PrimitiveType.String,
            "long" => PrimitiveType.Long,
            "integer" => PrimitiveType.Integer,
            "short" => PrimitiveType.Short,
            "byte" => PrimitiveType.Byte,
            "float" => PrimitiveType.Float,
            "double" => PrimitiveType.Double,
            "boolean" => PrimitiveType.Boolean,
            "binary" => PrimitiveType.Binary,
            "date" => PrimitiveType.Date,
            "timestamp" => PrimitiveType.Timestamp,
            _ => new PrimitiveType(name),
        };
    }
}
