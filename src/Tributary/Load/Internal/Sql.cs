namespace Tributary.Load.Internal;

/// <summary>Quoting for SQL text built by the loader.</summary>
internal static class Sql
{
    /// <summary>A string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A quoted identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A list literal of strings: <c>['a', 'b']</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";
}
