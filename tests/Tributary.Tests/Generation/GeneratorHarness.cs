using System.Text;
using System.Text.Json;
using Tributary.Generation;

namespace Tributary.Tests.Generation;

/// <summary>Generates records from a schema given as JSON columns and parses them back.</summary>
internal static class GeneratorHarness
{
    public static MockarooSchema Schema(string columnsJson) =>
        MockarooSchema.Parse(Encoding.UTF8.GetBytes($$"""{ "name": "t", "num_rows": 10, "array": true, "columns": [{{columnsJson}}] }"""));

    public static byte[] Bytes(string columnsJson, long rows, ulong seed = 1, GeneratedFileFormat format = GeneratedFileFormat.JsonLines)
    {
        var generator = new DataGenerator(Schema(columnsJson));
        using var memory = new MemoryStream();
        generator.WriteRecords(memory, rows, seed, format);
        return memory.ToArray();
    }

    public static List<JsonElement> Records(string columnsJson, long rows, ulong seed = 1)
    {
        var text = Encoding.UTF8.GetString(Bytes(columnsJson, rows, seed));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    public static List<JsonElement> Values(string columnsJson, string name, long rows, ulong seed = 1) =>
        Records(columnsJson, rows, seed).Select(r => r.GetProperty(name)).ToList();

    public static GeneratorSchemaException Fails(string columnsJson) =>
        Assert.Throws<GeneratorSchemaException>(() => new DataGenerator(Schema(columnsJson)));
}
