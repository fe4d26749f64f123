using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Tributary.Delta;
using Tributary.Delta.Actions;

namespace Tributary.Load.Internal;

/// <summary>
/// Narrows a view's files to those a query can read: the partition conjuncts <see cref="QueryPartitionScope"/> finds
/// are run by DuckDB over a small table of the files' typed partition values, so they mean exactly what they mean in
/// the query.
/// </summary>
internal static class PartitionFileSelection
{
    /// <summary>The files of <paramref name="files"/> that <paramref name="query"/> can read through view <paramref name="viewName"/> (all of them when that cannot be bounded).</summary>
    public static List<AddFile> Select(DuckDbSession session, string viewName, DeltaSnapshot snapshot, List<AddFile> files, string query)
    {
        var partitions = snapshot.PartitionColumns;
        if (partitions.Count == 0 || files.Count == 0)
        {
            return files;
        }

        // No read at all means the view is reached some way the analysis does not see (query_table('name'), say).
        var reads = QueryPartitionScope.Find(session, query, viewName, partitions);
        if (reads is null || reads.Count == 0 || reads.Any(r => r.Conjuncts.Count == 0))
        {
            return files;
        }

        var values = Sql.Identifier($"__delta_partitions_{viewName}");
        var typed = Sql.Identifier($"__delta_partition_scan_{viewName}");
        try
        {
            session.Execute($"CREATE OR REPLACE TEMP TABLE {values} (__file INTEGER{string.Concat(partitions.Select((_, i) => $", p{i} VARCHAR"))})");
            using (var appender = session.Connection.CreateAppender(values.Trim('"')))
            {
                for (var i = 0; i < files.Count; i++)
                {
                    var row = appender.CreateRow().AppendValue(i);
                    foreach (var column in partitions)
                    {
                        row.AppendValue(DeltaDuckDbView.PartitionValue(files[i], column));
                    }

                    row.EndRow();
                }
            }

            var columns = partitions.Select((p, i) => $", {DeltaDuckDbView.PartitionCast($"p{i}", snapshot.Schema.Find(p)!.Type)} AS {Sql.Identifier(p)}");
            session.Execute($"CREATE OR REPLACE TEMP VIEW {typed} AS SELECT __file{string.Concat(columns)} FROM {values}");
            var selected = new HashSet<int>();
            foreach (var read in reads)
            {
                using var reader = session.Read(FileQuery(session, typed, read));
                while (reader.Read())
                {
                    selected.Add(reader.GetInt32(0));
                }
            }

            return files.Where((_, i) => selected.Contains(i)).ToList();
        }
        catch (DuckDBException)
        {
            // A conjunct that fails on the partition values alone (a cast, say): read everything and let the query
            // itself report what is wrong.
            return files;
        }
        finally
        {
            session.Execute($"DROP VIEW IF EXISTS {typed}");
            session.Execute($"DROP TABLE IF EXISTS {values}");
        }
    }

    /// <summary>
    /// <c>SELECT __file FROM partitions AS scope WHERE conjuncts</c>, built as DuckDB's parse tree so the conjuncts are
    /// carried over exactly as the query wrote them, then turned back into SQL by DuckDB.
    /// </summary>
    private static string FileQuery(DuckDbSession session, string typed, ViewRead read)
    {
        var template = JsonNode.Parse(session.Scalar<string>(
            $"SELECT json_serialize_sql({Sql.Literal($"SELECT __file FROM {typed} AS {Sql.Identifier(read.Scope)} WHERE true AND true")})"))!;
        var select = template["statements"]![0]!["node"]!;
        var conjunction = select["where_clause"]!;
        conjunction["children"] = new JsonArray([.. read.Conjuncts.Select(c => c.DeepClone())]);
        if (read.Conjuncts.Count == 1)
        {
            select["where_clause"] = read.Conjuncts[0].DeepClone();
        }

        return session.Scalar<string>(string.Create(
            CultureInfo.InvariantCulture, $"SELECT json_deserialize_sql(json({Sql.Literal(template.ToJsonString())}))"));
    }
}
