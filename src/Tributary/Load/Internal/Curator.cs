using System.Globalization;

namespace Tributary.Load.Internal;

/// <summary>
/// Runs <c>curate.sql</c> in a DuckDB session over a set of staging batches, leaving <c>curation_curated</c> and
/// <c>curation_rejected</c> in the session for the loader to write.
/// </summary>
internal sealed class Curator
{
    private readonly CurationResources _resources;

    public Curator(CurationResources resources)
    {
        _resources = resources;
    }

    public CurationCounts Curate(DuckDbSession session, IReadOnlyList<StagingBatch> batches, DateTimeOffset loadTimestamp, long loadId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batches.Count);
        RegisterDimensions(session);
        RegisterStaging(session, batches);
        session.Execute(
            "CREATE OR REPLACE TEMP TABLE load_context AS SELECT " +
            $"CAST({Sql.Literal(loadTimestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))} AS TIMESTAMP) AS load_ts, " +
            $"CAST({loadId.ToString(CultureInfo.InvariantCulture)} AS BIGINT) AS load_id");
        session.Execute(_resources.ReadSql("curate.sql"));

        using var reader = session.Read("SELECT staged_rows, rejected_rows, window_duplicates, key_duplicates, curated_rows FROM curation_counts");
        reader.Read();
        return new CurationCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>Loads the three dimension CSVs as tables and refuses a repeated key.</summary>
    public void RegisterDimensions(DuckDbSession session)
    {
        Register(session, "dim_country_currency", "country_currency.csv", "country", ("country", "VARCHAR"), ("currency", "VARCHAR"));
        Register(session, "dim_currency_rate", "currency_rate.csv", "currency", ("currency", "VARCHAR"), ("rate_to_usd", "DOUBLE"));
        Register(session, "dim_discount_code", "discount_code.csv", "discount_code", ("discount_code", "VARCHAR"), ("discount_percent", "DOUBLE"));
    }

    private void Register(DuckDbSession session, string table, string fileName, string key, params (string Name, string Type)[] columns)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tributary-dim-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, _resources.ReadDimension(fileName));
        try
        {
            var columnTypes = string.Join(", ", columns.Select(c => $"{Sql.Literal(c.Name)}: {Sql.Literal(c.Type)}"));
            session.Execute(
                $"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv({Sql.Literal(path)}, header = true, " +
                $"columns = {{{columnTypes}}}, auto_detect = false)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"Dimension table {_resources.DescribeDimension(fileName)} is not a CSV with columns {string.Join(", ", columns.Select(c => c.Name))}: {e.Message}", e);
        }
        finally
        {
            File.Delete(path);
        }

        using var reader = session.Read(
            $"SELECT lower(trim({key})) AS k, count(*) FROM {table} GROUP BY k HAVING count(*) > 1 ORDER BY k LIMIT 1");
        if (reader.Read())
        {
            throw new InvalidDataException(
                $"Dimension table {_resources.DescribeDimension(fileName)} lists {key} '{reader.GetString(0)}' {reader.GetInt64(1)} times; each key may appear once (ignoring case and spaces).");
        }
    }

    /// <summary>
    /// Creates <c>staging_batch</c>: the batches' rows with every staging column as VARCHAR, the metadata columns,
    /// <c>_staging_file</c> (the batch key) and <c>_rid</c>. The batches have local paths.
    /// </summary>
    private static void RegisterStaging(DuckDbSession session, IReadOnlyList<StagingBatch> batches)
    {
        session.Execute("CREATE OR REPLACE TEMP TABLE staging_keys (path VARCHAR, key VARCHAR)");
        using (var appender = session.Connection.CreateAppender("staging_keys"))
        {
            foreach (var batch in batches)
            {
                appender.CreateRow().AppendValue(batch.Path).AppendValue(batch.Key).EndRow();
            }
        }

        var read = StagingSource.Build(session, batches);
        var present = new HashSet<string>(session.ColumnsOf($"SELECT * FROM {read}"), StringComparer.Ordinal);

        var replace = new List<string>();
        var added = new List<string>();
        foreach (var column in StagingColumns.Data)
        {
            if (present.Contains(column))
            {
                replace.Add($"CAST(r.{Sql.Identifier(column)} AS VARCHAR) AS {Sql.Identifier(column)}");
            }
            else
            {
                added.Add($"CAST(NULL AS VARCHAR) AS {Sql.Identifier(column)}");
            }
        }

        foreach (var (name, type) in StagingColumns.Metadata)
        {
            if (present.Contains(name))
            {
                replace.Add($"CAST(r.{Sql.Identifier(name)} AS {type}) AS {Sql.Identifier(name)}");
            }
            else
            {
                added.Add($"CAST(NULL AS {type}) AS {Sql.Identifier(name)}");
            }
        }

        var replaceClause = replace.Count == 0 ? string.Empty : $" REPLACE ({string.Join(", ", replace)})";
        var addedClause = added.Count == 0 ? string.Empty : ", " + string.Join(", ", added);
        session.Execute(
            "CREATE OR REPLACE TEMP TABLE staging_batch AS " +
            $"SELECT r.* EXCLUDE (__staging_path){replaceClause}{addedClause}, k.key AS _staging_file, " +
            "CAST(row_number() OVER () AS BIGINT) AS _rid " +
            $"FROM {read} AS r JOIN staging_keys AS k ON k.path = r.__staging_path");
    }
}
