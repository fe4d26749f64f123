using System.Text;
using System.Text.Json;

namespace Tributary.Delta.Tests.Log;

/// <summary>
/// Checks a commit file against PROTOCOL-NOTES §3/§11: UTF-8 without BOM, one compact JSON object per line, each
/// with exactly one action key, commitInfo first, a newline after the last line, and the required fields of every
/// action with the right JSON types (stats a JSON string with numRecords, partition values strings or null).
/// </summary>
internal static class LogLineValidator
{
    public static void ValidateCommit(byte[] content, IReadOnlyList<string>? partitionColumns, string name)
    {
        Assert.False(content.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{name} starts with a BOM");
        Assert.True(content.Length > 0 && content[^1] == (byte)'\n', $"{name} does not end with a newline");
        var lines = Encoding.UTF8.GetString(content)[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            Assert.False(string.IsNullOrWhiteSpace(line), $"{name} line {i + 1} is empty");
            Assert.DoesNotContain("\r", line, StringComparison.Ordinal);
            using var document = JsonDocument.Parse(line);
            Assert.Equal(line, JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            var action = Assert.Single(document.RootElement.EnumerateObject());
            if (i == 0)
            {
                Assert.Equal("commitInfo", action.Name);
            }

            Validate(action.Name, action.Value, partitionColumns, $"{name} line {i + 1}");
        }
    }

    private static void Validate(string action, JsonElement value, IReadOnlyList<string>? partitionColumns, string where)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        switch (action)
        {
            case "commitInfo":
                Require(value, "timestamp", JsonValueKind.Number, where);
                Require(value, "operation", JsonValueKind.String, where);
                foreach (var parameter in Require(value, "operationParameters", JsonValueKind.Object, where).EnumerateObject())
                {
                    Assert.True(parameter.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null, $"{where}: operationParameters.{parameter.Name} is not a string");
                }

                Require(value, "engineInfo", JsonValueKind.String, where);
                Require(value, "txnId", JsonValueKind.String, where);
                break;
            case "protocol":
                var reader = Require(value, "minReaderVersion", JsonValueKind.Number, where).GetInt32();
                var writer = Require(value, "minWriterVersion", JsonValueKind.Number, where).GetInt32();
                Assert.Equal(reader == 3, value.TryGetProperty("readerFeatures", out _));
                Assert.Equal(writer == 7, value.TryGetProperty("writerFeatures", out _));
                break;
            case "metaData":
                Assert.True(Guid.TryParse(Require(value, "id", JsonValueKind.String, where).GetString(), out _), $"{where}: id is not a GUID");
                Assert.Equal("parquet", Require(Require(value, "format", JsonValueKind.Object, where), "provider", JsonValueKind.String, where).GetString());
                DeltaSchemaJson.Parse(Require(value, "schemaString", JsonValueKind.String, where).GetString()!);
                Require(value, "partitionColumns", JsonValueKind.Array, where);
                foreach (var property in Require(value, "configuration", JsonValueKind.Object, where).EnumerateObject())
                {
                    Assert.Equal(JsonValueKind.String, property.Value.ValueKind);
                }

                break;
            case "txn":
                Require(value, "appId", JsonValueKind.String, where);
                Require(value, "version", JsonValueKind.Number, where);
                Require(value, "lastUpdated", JsonValueKind.Number, where);
                break;
            case "add":
                ValidatePath(Require(value, "path", JsonValueKind.String, where).GetString()!, where);
                ValidatePartitionValues(Require(value, "partitionValues", JsonValueKind.Object, where), partitionColumns, where);
                Require(value, "size", JsonValueKind.Number, where);
                Require(value, "modificationTime", JsonValueKind.Number, where);
                Assert.True(Require(value, "dataChange", JsonValueKind.True, where, JsonValueKind.False).ValueKind is JsonValueKind.True or JsonValueKind.False);
                if (value.TryGetProperty("stats", out var stats))
                {
                    Assert.Equal(JsonValueKind.String, stats.ValueKind);
                    using var statsDocument = JsonDocument.Parse(stats.GetString()!);
                    Require(statsDocument.RootElement, "numRecords", JsonValueKind.Number, where);
                }

                break;
            case "remove":
                ValidatePath(Require(value, "path", JsonValueKind.String, where).GetString()!, where);
                Require(value, "deletionTimestamp", JsonValueKind.Number, where);
                Require(value, "dataChange", JsonValueKind.True, where, JsonValueKind.False);
                if (value.TryGetProperty("extendedFileMetadata", out var extended) && extended.ValueKind == JsonValueKind.True)
                {
                    ValidatePartitionValues(Require(value, "partitionValues", JsonValueKind.Object, where), partitionColumns, where);
                    Require(value, "size", JsonValueKind.Number, where);
                }

                break;
            default:
                Assert.Fail($"{where}: unexpected action '{action}'");
                break;
        }
    }

    private static void ValidatePath(string path, string where)
    {
        Assert.False(path.StartsWith('/'), $"{where}: path '{path}' is not relative");
        Assert.Equal(path, DeltaPaths.Encode(DeltaPaths.Decode(path)));
    }

    private static void ValidatePartitionValues(JsonElement values, IReadOnlyList<string>? partitionColumns, string where)
    {
        foreach (var property in values.EnumerateObject())
        {
            Assert.True(property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null, $"{where}: partition value {property.Name} is not a string or null");
        }

        if (partitionColumns is not null)
        {
            Assert.Equal(partitionColumns.Order(), values.EnumerateObject().Select(p => p.Name).Order());
        }
    }

    private static JsonElement Require(JsonElement parent, string name, JsonValueKind kind, string where, JsonValueKind? alternative = null)
    {
        Assert.True(parent.TryGetProperty(name, out var value), $"{where}: '{name}' is missing");
        Assert.True(value.ValueKind == kind || value.ValueKind == alternative, $"{where}: '{name}' is {value.ValueKind}, expected {kind}");
        return value;
    }
}
