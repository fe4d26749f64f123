using System.Globalization;
using System.Text.Json.Nodes;

namespace Tributary.Tests.Flatten;

/// <summary>
/// A deliberately naive model of flatsplode on <see cref="JsonNode"/> trees (ordered dictionaries, recursion,
/// itertools.product), written line by line from the documented semantics, to check the fast flattener against.
/// </summary>
internal static class ReferenceFlatsplode
{
    public static List<List<KeyValuePair<string, JsonNode?>>> Run(JsonObject item, string separator)
    {
        var start = item.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)).ToList();
        var rows = new List<List<KeyValuePair<string, JsonNode?>>>();
        Splode(start, separator, rows);
        return rows;
    }

    private static void Splode(List<KeyValuePair<string, JsonNode?>> item, string separator, List<List<KeyValuePair<string, JsonNode?>>> rows)
    {
        foreach (var exploded in Explode(item))
        {
            var flat = Flatten(exploded, separator);
            if (flat.Any(kv => kv.Value is JsonArray { Count: > 0 }))
            {
                Splode(flat, separator, rows);
            }
            else
            {
                rows.Add(flat);
            }
        }
    }

    private static IEnumerable<List<KeyValuePair<string, JsonNode?>>> Explode(List<KeyValuePair<string, JsonNode?>> item)
    {
        var lists = item
            .Where(kv => kv.Value is JsonArray)
            .Select(kv =>
            {
                var array = (JsonArray)kv.Value!;
                return array.Any(Truthy)
                    ? array.Select(x => new KeyValuePair<string, JsonNode?>(kv.Key, x)).ToList()
                    : [new KeyValuePair<string, JsonNode?>(kv.Key, null)];
            })
            .ToList();
        IEnumerable<List<KeyValuePair<string, JsonNode?>>> combos = [[]];
        foreach (var list in lists)
        {
            combos = combos.SelectMany(c => list.Select(choice => c.Append(choice).ToList())).ToList();
        }

        foreach (var combo in combos)
        {
            var copy = item.ToList();
            foreach (var choice in combo)
            {
                var at = copy.FindIndex(kv => kv.Key == choice.Key);
                copy[at] = choice;
            }

            yield return copy;
        }
    }

    private static List<KeyValuePair<string, JsonNode?>> Flatten(List<KeyValuePair<string, JsonNode?>> item, string separator)
    {
        var result = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (key, value) in IterKv(item, [], separator))
        {
            var at = result.FindIndex(kv => kv.Key == key);
            if (at >= 0)
            {
                result[at] = new(key, value);
            }
            else
            {
                result.Add(new(key, value));
            }
        }

        return result;
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> IterKv(IEnumerable<KeyValuePair<string, JsonNode?>> item, List<string> parents, string separator)
    {
        foreach (var (name, value) in item)
        {
            var path = parents.Append(name).ToList();
            var key = string.Join(separator, path);
            if (value is JsonObject obj && obj.Any(p => p.Key.Length > 0))
            {
                foreach (var kv in IterKv(obj.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)), path, separator))
                {
                    yield return kv;
                }
            }
            else if (value is JsonObject)
            {
                yield return new(key, null);
            }
            else
            {
                yield return new(key, value);
            }
        }
    }

    private static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject obj => obj.Count > 0,
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.String => value.GetValue<string>().Length > 0,
            System.Text.Json.JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) != 0,
            _ => false,
        },
        _ => false,
    };
}
