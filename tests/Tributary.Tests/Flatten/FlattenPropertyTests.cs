using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tributary.Flatten;

namespace Tributary.Tests.Flatten;

/// <summary>Properties of the flattener over random JSON objects.</summary>
public sealed class FlattenPropertyTests
{
    private static readonly FlattenOptions _roomy = FlattenOptions.Compat with { MaxRowsPerRecord = 1_000_000 };

    [Property(MaxTest = 300)]
    public Property Flatten_never_throws_on_objects_within_the_limits() =>
        Prop.ForAll(JsonGenerators.Objects(4).ToArbitrary(), json =>
        {
            var rows = RowJson.Flatten(json, _roomy);
            return rows.Count >= 1;
        });

    [Property(MaxTest = 300)]
    public Property Flatten_matches_the_reference_model_row_for_row() =>
        Prop.ForAll(JsonGenerators.Objects(4).ToArbitrary(), json =>
        {
            var expected = ReferenceRows(json);
            var actual = RowJson.FlattenToJson(json, _roomy);
            return (expected == actual).Label($"input {json}\nexpected {expected}\nactual   {actual}");
        });

    [Property(MaxTest = 300)]
    public Property Row_count_is_the_product_of_the_effective_list_sizes() =>
        Prop.ForAll(JsonGenerators.ShallowObjects().ToArbitrary(), sample =>
        {
            var rows = RowJson.Flatten(sample.Json, _roomy);
            return (rows.Count == sample.ExpectedRows).Label($"input {sample.Json}: {rows.Count} rows, expected {sample.ExpectedRows}");
        });

    private static string ReferenceRows(string json)
    {
        var rows = ReferenceFlatsplode.Run((JsonObject)JsonNode.Parse(json)!, "_");
        var array = new JsonArray();
        foreach (var row in rows)
        {
            var obj = new JsonObject();
            foreach (var (key, value) in row)
            {
                obj[key] = value?.DeepClone();
            }

            array.Add(obj);
        }

        using var document = System.Text.Json.JsonDocument.Parse(array.ToJsonString());
        return RowJson.Normalize(document.RootElement);
    }
}
