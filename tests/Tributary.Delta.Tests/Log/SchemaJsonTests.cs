using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Log;

public sealed class SchemaJsonTests
{
    private static readonly StructType Everything = new(
        new StructField("s", PrimitiveType.String),
        new StructField("l", PrimitiveType.Long, false),
        new StructField("i", PrimitiveType.Integer),
        new StructField("sh", PrimitiveType.Short),
        new StructField("b", PrimitiveType.Byte),
        new StructField("f", PrimitiveType.Float),
        new StructField("d", PrimitiveType.Double),
        new StructField("bo", PrimitiveType.Boolean),
        new StructField("bin", PrimitiveType.Binary),
        new StructField("dt", PrimitiveType.Date),
        new StructField("ts", PrimitiveType.Timestamp, true, "{\"comment\":\"utc\"}"),
        new StructField("dec", new DecimalType(38, 18)),
        new StructField("st", new StructType(new StructField("x", PrimitiveType.Integer), new StructField("y", new ArrayType(PrimitiveType.String, false)))),
        new StructField("arr", new ArrayType(new StructType(new StructField("v", PrimitiveType.Long)))),
        new StructField("m", new MapType(PrimitiveType.String, new MapType(PrimitiveType.Integer, new DecimalType(5, 2)), false)));

    [Fact]
    public void Every_type_round_trips()
    {
        var json = DeltaSchemaJson.Serialize(Everything);
        Assert.Equal(Everything, DeltaSchemaJson.Parse(json));
    }

    [Fact]
    public void Serialisation_is_spark_shaped_and_compact()
    {
        var schema = new StructType(
            new StructField("a", new DecimalType(10, 2)),
            new StructField("m", new MapType(PrimitiveType.String, PrimitiveType.Long)),
            new StructField("l", new ArrayType(PrimitiveType.Integer, false), false));
        Assert.Equal(
            "{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"long\",\"valueContainsNull\":true},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"l\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false},\"nullable\":false,\"metadata\":{}}]}",
            DeltaSchemaJson.Serialize(schema));
    }

    [Fact]
    public void Spark_decimal_spacing_and_feature_types_parse()
    {
        var schema = DeltaSchemaJson.Parse(
            "{\"type\":\"struct\",\"fields\":[{\"name\":\"d\",\"type\":\"decimal(12, 5)\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"n\",\"type\":\"timestamp_ntz\",\"nullable\":true,\"metadata\":{}},{\"name\":\"v\",\"type\":{\"type\":\"variant\"},\"nullable\":true,\"metadata\":{}}]}");
        Assert.Equal(new DecimalType(12, 5), schema.Fields[0].Type);
        Assert.Equal(new PrimitiveType("timestamp_ntz"), schema.Fields[1].Type);
        Assert.Equal(new PrimitiveType("variant"), schema.Fields[2].Type);
    }

    [Theory]
    [InlineData("{\"type\":\"array\",\"elementType\":\"long\",\"containsNull\":true}")]
    [InlineData("{\"type\":\"struct\",\"fields\":[{\"name\":\"d\",\"type\":\"decimal(40,2)\",\"nullable\":true,\"metadata\":{}}]}")]
    [InlineData("{\"type\":\"struct\",\"fields\":[{\"name\":\"d\",\"type\":\"decimal(4,5)\",\"nullable\":true,\"metadata\":{}}]}")]
    [InlineData("{\"type\":\"struct\",\"fields\":[{\"name\":\"x\"}]}")]
    [InlineData("not json")]
    public void Invalid_schemas_raise_a_schema_error(string text)
    {
        Assert.Throws<DeltaSchemaException>(() => DeltaSchemaJson.Parse(text));
    }
}
