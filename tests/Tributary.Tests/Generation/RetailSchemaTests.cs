using System.Text.Json;
using Tributary.Generation;
using Tributary.Tests.Configuration;
using Tributary.TestSupport;

namespace Tributary.Tests.Generation;

public sealed class RetailSchemaTests
{
    private static readonly string[] Settings = ["type", "min", "max", "decimals", "format", "values", "selectionStyle", "value", "null_percentage", "onlyUSPlaces"];

    [Fact]
    public void The_built_in_schema_is_the_repository_schema()
    {
        var file = MockarooSchema.Load(Path.Combine(ConfigurationTestFiles.RepositoryRoot(), "data", "mock-data-schema.json"));
        var builtIn = MockarooSchema.Retail;

        Assert.Equal(23, builtIn.Columns.Count);
        Assert.Equal(file.Columns.Select(c => c.Definition.GetRawText()), builtIn.Columns.Select(c => c.Definition.GetRawText()));
        Assert.Equal(500, builtIn.NumRows);
        Assert.True(builtIn.Array);
    }

    [SkippableFact]
    public void The_schema_states_the_same_facts_as_the_seed_schema()
    {
        var seed = MockarooSchema.Load(SharedFolder.Require("seed", "mock-data-schema.json"));
        var ours = MockarooSchema.Retail;

        Assert.Equal(seed.Columns.Select(c => c.Name), ours.Columns.Select(c => c.Name));
        foreach (var (theirs, mine) in seed.Columns.Zip(ours.Columns))
        {
            foreach (var setting in Settings)
            {
                Assert.Equal(Setting(theirs, setting), Setting(mine, setting));
            }

            Assert.Equal(Distributions(theirs), Distributions(mine));
        }
    }

    private static string? Setting(MockarooColumn column, string name) =>
        column.Definition.TryGetProperty(name, out var value) ? value.GetRawText() : null;

    // Rule → the values it allows, with the rule's spacing normalised (the seed writes both "==" and ")==").
    private static Dictionary<string, string> Distributions(MockarooColumn column)
    {
        var result = new Dictionary<string, string>();
        if (column.Definition.TryGetProperty("distribution", out var distribution) && distribution.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in distribution.EnumerateArray())
            {
                var rule = entry.GetProperty("rule").GetString()!.Replace(" ", "", StringComparison.Ordinal);
                var allowed = entry.GetProperty("frequencies").EnumerateObject().Where(f => f.Value.GetString() != "0").Select(f => f.Name);
                result[rule] = string.Join(",", allowed);
            }
        }

        return result;
    }
}
