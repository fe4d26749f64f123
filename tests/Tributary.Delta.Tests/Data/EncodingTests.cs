using Tributary.Delta.Internal.Data;

namespace Tributary.Delta.Tests.Data;

/// <summary>Partition directories, add paths and stats truncation follow the protocol notes' rules and golden examples.</summary>
public sealed class EncodingTests
{
    [Theory]
    [InlineData("as_timestamp", "2021-09-08 11:11:11", "as_timestamp=2021-09-08 11%3A11%3A11", "as_timestamp=2021-09-08%2011%253A11%253A11")]
    [InlineData("_2", "bar+%21", "_2=bar+%2521", "_2=bar+%252521")]
    [InlineData("c2", "+ =%0", "c2=+ %3D%250", "c2=+%20%253D%25250")]
    [InlineData("letter", "/%20%f", "letter=%2F%2520%25f", "letter=%252F%252520%2525f")]
    [InlineData("data", "😈", "data=😈", "data=😈")]
    [InlineData("c", null, "c=__HIVE_DEFAULT_PARTITION__", "c=__HIVE_DEFAULT_PARTITION__")]
    public void Partition_directories_and_add_paths_match_the_golden_tables(string column, string? value, string directory, string logPath)
    {
        var dir = PartitionValues.DirectoryName(column, value);
        Assert.Equal(directory, dir);
        Assert.Equal(logPath, PartitionValues.EncodeLogPath(dir));
        Assert.Equal(dir, PartitionValues.DecodeLogPath(logPath));
    }

    [Fact]
    public void A_file_name_with_special_characters_is_encoded_as_spark_does()
    {
        Assert.Equal("special%20p@%23h", PartitionValues.EncodeLogPath("special p@#h"));
    }

    [Fact]
    public void Partition_values_are_formatted_and_parsed_by_type()
    {
        Assert.Equal("1.0", PartitionValues.Format(Schema.PrimitiveType.Double, 1.0));
        Assert.Equal("234.00000", PartitionValues.Format(new Schema.DecimalType(12, 5), 234m));
        Assert.Equal("2024-01-01T10:00:00.000000Z", PartitionValues.Format(Schema.PrimitiveType.Timestamp, new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 8, 9, 10, 1, TimeSpan.Zero), PartitionValues.Parse(Schema.PrimitiveType.Timestamp, "2020-01-01 08:09:10.001"));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), PartitionValues.Parse(Schema.PrimitiveType.Timestamp, "2024-01-01T10:00:00.000000Z"));
        Assert.Null(PartitionValues.Parse(Schema.PrimitiveType.Integer, ""));
        Assert.Null(PartitionValues.Parse(Schema.PrimitiveType.String, "__HIVE_DEFAULT_PARTITION__"));
        Assert.Equal("null", PartitionValues.Parse(Schema.PrimitiveType.String, "null"));
    }

    [Fact]
    public void Long_strings_are_cut_to_32_characters_with_the_max_rounded_up()
    {
        var value = new string('a', 40);
        Assert.Equal(new string('a', 32), StatsCollector.TruncateString(value, isMax: false));
        var max = StatsCollector.TruncateString(value, isMax: true);
        Assert.StartsWith(new string('a', 32), max, StringComparison.Ordinal);
        Assert.True(ValueComparer.CompareCodePoints(max, value) > 0);
        Assert.Equal("short", StatsCollector.TruncateString("short", isMax: true));
    }

    [Fact]
    public void Timestamps_are_cut_to_milliseconds_with_the_max_rounded_up()
    {
        var value = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(12_345_670);
        Assert.Equal("2024-01-01T00:00:01.234Z", StatsCollector.FormatTimestamp(value, roundUp: false));
        Assert.Equal("2024-01-01T00:00:01.235Z", StatsCollector.FormatTimestamp(value, roundUp: true));
        Assert.Equal("2024-01-01T00:00:00.000Z", StatsCollector.FormatTimestamp(value.AddTicks(-12_345_670), roundUp: true));
    }

    [Fact]
    public void Nan_floats_get_no_min_or_max_but_a_null_count()
    {
        var schema = new Schema.StructType(new Schema.StructField("x", Schema.PrimitiveType.Double), new Schema.StructField("y", Schema.PrimitiveType.Long));
        var stats = new StatsCollector(schema, 32);
        var batch = new DeltaBatch(schema, [new double?[] { 1, double.NaN, null }, new long?[] { 5, null, 3 }], 3);
        stats.Add(batch, 0, 3);
        Assert.Equal("{\"numRecords\":3,\"minValues\":{\"y\":3},\"maxValues\":{\"y\":5},\"nullCount\":{\"x\":1,\"y\":1}}", stats.ToJson());
    }

    [Fact]
    public void Only_the_first_indexed_columns_get_stats()
    {
        var schema = new Schema.StructType(new Schema.StructField("a", Schema.PrimitiveType.Long), new Schema.StructField("b", Schema.PrimitiveType.Long));
        var stats = new StatsCollector(schema, 1);
        stats.Add(new DeltaBatch(schema, [new long?[] { 1 }, new long?[] { 2 }], 1), 0, 1);
        Assert.Equal("{\"numRecords\":1,\"minValues\":{\"a\":1},\"maxValues\":{\"a\":1},\"nullCount\":{\"a\":0}}", stats.ToJson());
    }
}
