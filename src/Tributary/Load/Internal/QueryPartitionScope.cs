using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tributary.Load.Internal;

/// <summary>
/// Which partitions of a view a query can read, worked out from DuckDB's own parse of the query
/// (<c>json_serialize_sql</c>): for each place the query reads the view, the conjuncts of the WHERE clause (and of
/// the ON clauses of the inner joins around it) that name only the view's partition columns. A file whose partition
/// values fail one of those conjuncts holds no row the query can see there.
/// </summary>
/// <remarks>
/// Anything the analysis does not understand makes it give up for the whole view (every file is read): a statement
/// DuckDB cannot serialize (only SELECT is), a CTE that shadows the view, the view on the null side of an outer join
/// or in an ASOF or positional join, a reference with a schema, a conjunct with a subquery, a parameter or a volatile
/// function.
/// </remarks>
internal static partial class QueryPartitionScope
{
    private static readonly HashSet<string> SafeClasses = new(StringComparer.Ordinal)
    {
        "COLUMN_REF", "CONSTANT", "COMPARISON", "CONJUNCTION", "OPERATOR", "FUNCTION", "CAST", "CASE", "BETWEEN", "COLLATE",
    };

    // Evaluated once for the file list and again by the query, these could disagree.
    private static readonly HashSet<string> VolatileFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "random", "gen_random_uuid", "uuid", "uuidv4", "uuidv7", "nextval", "currval", "setseed",
    };

    private static readonly HashSet<string> InnerJoinKinds = new(StringComparer.Ordinal) { "REGULAR", "CROSS", "NATURAL" };

    /// <summary>
    /// The partition conjuncts of each read of <paramref name="viewName"/> in <paramref name="sql"/>, or null when some
    /// read cannot be bounded (or the query cannot be analysed), which means every file. An empty list: the query
    /// does not read the view.
    /// </summary>
    public static IReadOnlyList<ViewRead>? Find(DuckDbSession session, string sql, string viewName, IReadOnlyCollection<string> partitionColumns)
    {
        var statements = Parse(session, sql);
        if (statements is null || partitionColumns.Count == 0)
        {
            return null;
        }

        var references = new List<JsonObject>();
        var shadowed = false;
        Walk(statements, node =>
        {
            if (IsBaseTable(node, viewName))
            {
                references.Add(node);
            }

            if (node["cte_map"]?["map"] is JsonArray ctes && ctes.Any(c => string.Equals(Text(c?["key"]), viewName, StringComparison.OrdinalIgnoreCase)))
            {
                shadowed = true;
            }
        });
        if (shadowed)
        {
            return null;
        }

        var reads = new Dictionary<JsonObject, ViewRead>(ReferenceEqualityComparer.Instance);
        Walk(statements, node =>
        {
            if (Text(node["type"]) == "SELECT_NODE" && node["from_table"] is JsonObject from)
            {
                CollectReads(from, [], node["where_clause"], IsBaseTable(from, viewName), viewName, partitionColumns, reads);
            }
        });
        return references.All(reads.ContainsKey) ? references.Select(r => reads[r]).ToList() : null;
    }

    /// <summary>The query without a leading <c>EXPLAIN [ANALYZE]</c>.</summary>
    public static string WithoutExplain(string sql) => ExplainPrefix().Replace(sql, string.Empty, 1);

    /// <summary>DuckDB's parse of the statements, or null when DuckDB cannot serialize them. A leading EXPLAIN [ANALYZE] is looked through.</summary>
    private static JsonNode? Parse(DuckDbSession session, string sql)
    {
        var select = WithoutExplain(sql);
        string json;
        try
        {
            json = session.Scalar<string>($"SELECT json_serialize_sql({Sql.Literal(select)})");
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return null;
        }

        var parsed = JsonNode.Parse(json);
        return parsed?["error"]?.GetValue<bool>() == false ? parsed["statements"] : null;
    }

    /// <summary>
    /// Walks the FROM tree of one SELECT, recording for each read of the view the conjuncts that bound it: the WHERE
    /// clause's and those of the inner joins on its path. <paramref name="single"/>: the view is the whole FROM, so
    /// unqualified column names are its columns.
    /// </summary>
    private static void CollectReads(
        JsonObject from,
        List<JsonNode> joinConditions,
        JsonNode? where,
        bool single,
        string viewName,
        IReadOnlyCollection<string> partitionColumns,
        Dictionary<JsonObject, ViewRead> reads)
    {
        switch (Text(from["type"]))
        {
            case "BASE_TABLE" when IsBaseTable(from, viewName):
                if (Text(from["schema_name"])?.Length > 0 || Text(from["catalog_name"])?.Length > 0)
                {
                    return;
                }

                var scope = Text(from["alias"]) is { Length: > 0 } alias ? alias : Text(from["table_name"])!;
                var conjuncts = Conjuncts(where).Concat(joinConditions.SelectMany(Conjuncts))
                    .Where(c => Bounds(c, scope, single, partitionColumns))
                    .ToList();
                reads[from] = new ViewRead(scope, conjuncts);
                return;

            case "JOIN":
                var joinType = Text(from["join_type"]);
                if (!InnerJoinKinds.Contains(Text(from["ref_type"]) ?? string.Empty))
                {
                    return;
                }

                if (joinType == "INNER")
                {
                    List<JsonNode> conditions = from["condition"] is { } condition ? [.. joinConditions, condition] : joinConditions;
                    CollectRead(from["left"], conditions);
                    CollectRead(from["right"], conditions);
                }
                else if (joinType is "LEFT" or "SEMI" or "ANTI")
                {
                    // The left side keeps its rows: the WHERE still bounds it, the ON clause does not.
                    CollectRead(from["left"], joinConditions);
                }

                return;
        }

        void CollectRead(JsonNode? side, List<JsonNode> conditions)
        {
            if (side is JsonObject table)
            {
                CollectReads(table, conditions, where, false, viewName, partitionColumns, reads);
            }
        }
    }

    /// <summary>The top-level AND terms of a condition.</summary>
    private static IEnumerable<JsonNode> Conjuncts(JsonNode? condition)
    {
        if (condition is null)
        {
            yield break;
        }

        if (Text(condition["type"]) == "CONJUNCTION_AND" && condition["children"] is JsonArray children)
        {
            foreach (var child in children)
            {
                foreach (var term in Conjuncts(child))
                {
                    yield return term;
                }
            }

            yield break;
        }

        yield return condition;
    }

    /// <summary>True when <paramref name="conjunct"/> names only partition columns of the read (at least one) and is safe to evaluate on its own.</summary>
    private static bool Bounds(JsonNode conjunct, string scope, bool single, IReadOnlyCollection<string> partitionColumns)
    {
        var columns = 0;
        var safe = true;
        Walk(conjunct, node =>
        {
            if (node["class"] is null)
            {
                return;
            }

            var kind = Text(node["class"]);
            if (kind is null || !SafeClasses.Contains(kind)
                || (kind == "FUNCTION" && VolatileFunctions.Contains(Text(node["function_name"]) ?? string.Empty)))
            {
                safe = false;
            }
            else if (kind == "COLUMN_REF")
            {
                var names = node["column_names"]?.AsArray().Select(Text).ToList() ?? [];
                var column = names switch
                {
                    [var name] when single => name,
                    [var qualifier, var name] when string.Equals(qualifier, scope, StringComparison.OrdinalIgnoreCase) => name,
                    _ => null,
                };
                if (column is null || !partitionColumns.Contains(column, StringComparer.OrdinalIgnoreCase))
                {
                    safe = false;
                }
                else
                {
                    columns++;
                }
            }
        });
        return safe && columns > 0;
    }

    private static bool IsBaseTable(JsonObject node, string viewName) =>
        Text(node["type"]) == "BASE_TABLE" && string.Equals(Text(node["table_name"]), viewName, StringComparison.OrdinalIgnoreCase);

    /// <summary>A string-valued node's text; null for a missing node or one of another kind.</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Calls <paramref name="visit"/> on every object in the tree, parents first.</summary>
    private static void Walk(JsonNode? node, Action<JsonObject> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                visit(obj);
                foreach (var (_, child) in obj)
                {
                    Walk(child, visit);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, visit);
                }

                break;
        }
    }

    [GeneratedRegex(@"^\s*EXPLAIN(\s+ANALYZE)?\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExplainPrefix();
}
