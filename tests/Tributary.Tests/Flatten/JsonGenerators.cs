using FsCheck;
using FsCheck.Fluent;

namespace Tributary.Tests.Flatten;

/// <summary>Random JSON objects rich in flatsplode's edge cases: falsy values, empty containers, colliding keys.</summary>
internal static class JsonGenerators
{
    private static readonly string[] _scalars =
    [
        "0", "0.0", "-0", "1", "2.5", "-7", "1e-400", "1E3", "12345678901234567890",
        "true", "false", "null", "\"\"", "\"a\"", "\"Europe \"", "\"é\\n\"", "[]", "{}",
    ];

    private static readonly string[] _keys = ["a", "b", "a_b", "", "x", "_y", "ключ", "sku"];

    public static Gen<string> Objects(int depth) =>
        Gen.Choose(0, 4).SelectMany(count => Member(depth).ListOf(count)).Select(members =>
        {
            var unique = members.DistinctBy(m => m.Key).Select(m => $"{Quote(m.Key)}:{m.Value}");
            return "{" + string.Join(",", unique) + "}";
        });

    /// <summary>Objects whose top-level values are scalars or lists of scalars: one explosion pass only.</summary>
    public static Gen<(string Json, long ExpectedRows)> ShallowObjects() =>
        Gen.Choose(0, 5).SelectMany(count => ShallowMember().ListOf(count)).Select(members =>
        {
            var unique = members.DistinctBy(m => m.Key).ToList();
            long rows = 1;
            foreach (var member in unique)
            {
                rows *= member.EffectiveSize;
            }

            return ("{" + string.Join(",", unique.Select(m => $"{Quote(m.Key)}:{m.Value}")) + "}", rows);
        });

    private static Gen<(string Key, string Value)> Member(int depth) =>
        Gen.Elements(_keys).SelectMany(key => Value(depth).Select(value => (key, value)));

    private static Gen<string> Value(int depth) => depth <= 0
        ? Gen.Elements(_scalars)
        : Gen.Frequency(
            (5, Gen.Elements(_scalars)),
            (2, Gen.Sized(_ => Objects(depth - 1))),
            (2, Gen.Choose(0, 3).SelectMany(n => Value(depth - 1).ListOf(n)).Select(items => "[" + string.Join(",", items) + "]")));

    private static Gen<(string Key, string Value, long EffectiveSize)> ShallowMember()
    {
        var falsy = new[] { "0", "0.0", "false", "null", "\"\"", "[]", "{}" };
        var truthy = new[] { "1", "2.5", "true", "\"a\"", "\"Europe \"" };
        var scalar = Gen.Elements(falsy.Concat(truthy).ToArray());
        var list = Gen.Choose(0, 4).SelectMany(n => scalar.ListOf(n)).Select(items =>
        {
            var anyTruthy = items.Any(i => truthy.Contains(i));
            return ("[" + string.Join(",", items) + "]", anyTruthy ? (long)items.Count : 1L);
        });
        var value = Gen.Frequency((1, scalar.Select(s => (s, 1L))), (1, list));
        return Gen.Elements(new[] { "a", "b", "c", "d", "e", "f" }).SelectMany(key => value.Select(v => (key, v.Item1, v.Item2)));
    }

    private static string Quote(string key) => System.Text.Json.JsonSerializer.Serialize(key);
}
