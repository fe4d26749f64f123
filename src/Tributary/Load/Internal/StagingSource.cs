using Meta = Tributary.Staging.StagingColumns;

namespace Tributary.Load.Internal;

/// <summary>
/// The SQL that reads a set of local staging files, Parquet and JSON Lines alike, as one relation with columns
/// unioned by name and a <c>__staging_path</c> column naming each row's file.
/// </summary>
/// <remarks>
/// JSON Lines batches (what a real Firehose delivers: the transform's output rows) are read with every data column as
/// VARCHAR, like the Parquet batches' string columns. DuckDB rewrites JSON numbers in its own form (<c>12.50</c> reads
/// as <c>12.5</c>), which the curation casts read as the same value. <c>_arrival_time</c> is epoch milliseconds in the
/// JSON rows and a timestamp in Parquet.
/// </remarks>
internal static class StagingSource
{
    /// <summary>A parenthesized query over <paramref name="batches"/> (at least one, with local paths).</summary>
    public static string Build(DuckDbSession session, IReadOnlyList<StagingBatch> batches)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batches.Count);
        var parts = new List<string>(2);
        var parquet = batches.Where(b => b.IsParquet).Select(b => b.Path).ToList();
        if (parquet.Count > 0)
        {
            parts.Add($"SELECT * FROM read_parquet({Sql.List(parquet)}, union_by_name = true, filename = '__staging_path')");
        }

        var json = batches.Where(b => !b.IsParquet).ToList();
        if (json.Count > 0)
        {
            parts.Add(JsonLines(session, json));
        }

        return "(" + string.Join(" UNION ALL BY NAME ", parts) + ")";
    }

    private static string JsonLines(DuckDbSession session, IReadOnlyList<StagingBatch> batches)
    {
        var paths = Sql.List(batches.Select(b => b.Path));
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = session.Read(
                $"SELECT DISTINCT unnest(json_keys(json)) FROM read_json_objects({paths}, format = 'newline_delimited', compression = 'auto_detect')");
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException(
                $"A staging batch is not JSON Lines (one JSON object per line): {string.Join(", ", batches.Select(b => b.Key))}: {e.Message}", e);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Meta.SourceFile] = "VARCHAR",
            [Meta.SourceRecord] = "BIGINT",
            [Meta.Row] = "INTEGER",
            [Meta.Shard] = "VARCHAR",
            [Meta.SequenceNumber] = "VARCHAR",
            [Meta.ArrivalTime] = "BIGINT",
        };
        var columns = keys.Where(k => !metadata.ContainsKey(k)).Select(k => $"{Sql.Literal(k)}: 'VARCHAR'")
            .Concat(metadata.Select(m => $"{Sql.Literal(m.Key)}: {Sql.Literal(m.Value)}"));
        var arrival = Sql.Identifier(Meta.ArrivalTime);
        return $"SELECT * REPLACE (epoch_ms({arrival}) AS {arrival}) FROM read_json({paths}, format = 'newline_delimited', " +
            $"compression = 'auto_detect', columns = {{{string.Join(", ", columns)}}}, filename = '__staging_path')";
    }
}
