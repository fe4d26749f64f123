using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>A schema with every supported type and rows that exercise nulls and awkward partition values.</summary>
internal static class SampleData
{
    public static readonly string[] Regions = ["eu west", "x/y%z:1", "+ =%0", "😈", "plain"];

    public static StructType Schema { get; } = new(
        new StructField("id", PrimitiveType.Long, false),
        new StructField("region", PrimitiveType.String),
        new StructField("name", PrimitiveType.String),
        new StructField("small", PrimitiveType.Integer),
        new StructField("tiny", PrimitiveType.Short),
        new StructField("b", PrimitiveType.Byte),
        new StructField("flag", PrimitiveType.Boolean),
        new StructField("ratio", PrimitiveType.Float),
        new StructField("score", PrimitiveType.Double),
        new StructField("amount", new DecimalType(10, 2)),
        new StructField("day", PrimitiveType.Date),
        new StructField("ts", PrimitiveType.Timestamp),
        new StructField("blob", PrimitiveType.Binary),
        new StructField("address", new StructType(new StructField("city", PrimitiveType.String), new StructField("zip", PrimitiveType.Integer))),
        new StructField("tags", new ArrayType(PrimitiveType.String)),
        new StructField("counts", new MapType(PrimitiveType.String, PrimitiveType.Long)));

    public static DeltaBatch Rows(int from, int count, string suffix = "")
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var i = from; i < from + count; i++)
        {
            var isNull = i % 7 == 3;
            rows.Add(new Dictionary<string, object?>
            {
                ["id"] = (long)i,
                ["region"] = i % 11 == 5 ? null : Regions[i % Regions.Length],
                ["name"] = isNull ? null : $"name-{i}{suffix}" + (i % 5 == 0 ? new string('x', 40) : string.Empty),
                ["small"] = isNull ? null : i * 3,
                ["tiny"] = isNull ? null : (short)(i % 100),
                ["b"] = isNull ? null : (sbyte)(i % 50 - 25),
                ["flag"] = isNull ? null : i % 2 == 0,
                ["ratio"] = isNull ? null : i + 0.25f,
                ["score"] = isNull ? null : i + 0.5,
                ["amount"] = isNull ? null : i * 1.25m,
                ["day"] = isNull ? null : new DateOnly(2024, 1, 1).AddDays(i % 60),
                ["ts"] = isNull ? null : new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(i * 12_345_670L),
                ["blob"] = isNull ? null : new[] { (byte)i, (byte)(i >> 8) },
                ["address"] = isNull ? null : new Dictionary<string, object?> { ["city"] = $"c{i % 4}", ["zip"] = i % 3 == 0 ? null : 1000 + i },
                ["tags"] = isNull ? null : i % 4 == 0 ? new List<object?>() : new List<object?> { $"t{i}", null, "z" },
                ["counts"] = isNull ? null : new Dictionary<object, object?> { ["a"] = (long)i, ["b"] = i % 2 == 0 ? null : 1L },
            });
        }

        return DeltaBatch.FromRows(Schema, rows);
    }
}
