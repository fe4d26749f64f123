using System.Text.Json;

namespace Tributary.Generation;

/// <summary>A Mockaroo schema file (the JSON Mockaroo exports): a name, a row count, output shape and columns.</summary>
public sealed class MockarooSchema
{
    private const string RetailResource = "Tributary.Generation.retail-schema.json";

    private MockarooSchema(string name, int numRows, bool array, IReadOnlyList<MockarooColumn> columns)
    {
        Name = name;
        NumRows = numRows;
        Array = array;
        Columns = columns;
    }

    /// <summary>The schema's name (used as the prefix of generated file names).</summary>
    public string Name { get; }

    /// <summary>The schema's own row count (<c>num_rows</c>), the default number of records per file.</summary>
    public int NumRows { get; }

    /// <summary>Whether files are JSON arrays (<c>"array": true</c>) rather than JSON Lines.</summary>
    public bool Array { get; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<MockarooColumn> Columns { get; }

    /// <summary>The retail schema that ships with Tributary (the same as the repository's <c>data/mock-data-schema.json</c>).</summary>
    public static MockarooSchema Retail
    {
        get
        {
            using var stream = typeof(MockarooSchema).Assembly.GetManifestResourceStream(RetailResource)
                ?? throw new InvalidOperationException($"The embedded resource {RetailResource} is missing.");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return Parse(memory.ToArray());
        }
    }

    /// <summary>Reads a schema file.</summary>
    /// <exception cref="GeneratorSchemaException">The file is not a valid Mockaroo schema.</exception>
    public static MockarooSchema Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GeneratorSchemaException(null, $"cannot read '{path}': {ex.Message}");
        }

        try
        {
            return Parse(bytes);
        }
        catch (GeneratorSchemaException ex) when (ex.Column is null)
        {
            throw new GeneratorSchemaException(null, $"{path}: {ex.Reason}");
        }
    }

    /// <summary>Parses a schema from its JSON bytes.</summary>
    /// <exception cref="GeneratorSchemaException">The JSON is not a valid Mockaroo schema.</exception>
    public static MockarooSchema Parse(ReadOnlySpan<byte> json)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new GeneratorSchemaException(null, $"not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("columns", out var columnsElement) || columnsElement.ValueKind != JsonValueKind.Array)
        {
            throw new GeneratorSchemaException(null, "expected an object with a \"columns\" array");
        }

        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "data";
        var numRows = root.TryGetProperty("num_rows", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var rows) && rows >= 0 ? rows : 1000;
        var array = !root.TryGetProperty("array", out var a) || a.ValueKind != JsonValueKind.False;
        var columns = new List<MockarooColumn>();
        var index = 0;
        foreach (var column in columnsElement.EnumerateArray())
        {
            index++;
            if (column.ValueKind != JsonValueKind.Object
                || !column.TryGetProperty("name", out var columnName) || columnName.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(columnName.GetString()))
            {
                throw new GeneratorSchemaException(null, $"column {index} has no \"name\"");
            }

            var nameText = columnName.GetString()!;
            if (!column.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new GeneratorSchemaException(nameText, "no \"type\"");
            }

            var nulls = 0.0;
            if (column.TryGetProperty("null_percentage", out var np) && np.ValueKind != JsonValueKind.Null)
            {
                if (np.ValueKind != JsonValueKind.Number || !np.TryGetDouble(out nulls) || nulls < 0 || nulls > 100)
                {
                    throw new GeneratorSchemaException(nameText, "\"null_percentage\" must be a number from 0 to 100");
                }
            }

            columns.Add(new MockarooColumn(nameText, type.GetString()!, nulls, column));
        }

        if (columns.Count == 0)
        {
            throw new GeneratorSchemaException(null, "the schema has no columns");
        }

        if (columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new GeneratorSchemaException(duplicate.Key, "the name appears more than once");
        }

        return new MockarooSchema(name, numRows, array, columns);
    }
}
