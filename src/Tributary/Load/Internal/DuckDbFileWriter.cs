using System.Collections;
using System.Globalization;
using Tributary.Delta;
using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Load.Internal;

/// <summary>
/// Lets DuckDB write rows as data files of a Delta table: one <c>COPY ... (PARTITION_BY, RETURN_STATS)</c> into a
/// scratch folder, then each file is published under the table's Hive-style partition folder and described by an
/// <see cref="AddFile"/> with the table's stats. Nothing is committed here: a failure leaves at most orphan files
/// under the table (VACUUM removes them), never a commit that points at a missing file.
/// </summary>
/// <remarks>
/// DuckDB cannot split partitioned output by size, so a partition with more rows than
/// <see cref="MaxRowsPerFile"/> is split into buckets by a hash of the bucket columns.
/// </remarks>
internal sealed class DuckDbFileWriter
{
    private const string PartColumn = "__part";
    private const string BucketColumn = "__bucket";

    private readonly DuckDbSession _session;
    private readonly DeltaTable _table;
    private readonly DeltaSnapshot _snapshot;
    private readonly LocalFileCache _scratch;
    private readonly TimeProvider _time;

    public DuckDbFileWriter(DuckDbSession session, DeltaTable table, DeltaSnapshot snapshot, LocalFileCache scratch, TimeProvider time)
    {
        _session = session;
        _table = table;
        _snapshot = snapshot;
        _scratch = scratch;
        _time = time;
        foreach (var column in snapshot.PartitionColumns)
        {
            if (snapshot.Schema.Find(column)?.Type is not PrimitiveType { Name: "string" or "integer" or "long" or "short" or "byte" or "date" })
            {
                throw new NotSupportedException(
                    $"Table {table.Storage.Location} is partitioned by '{column}', whose type DuckDB cannot name in Delta's partition value format; only string, integer and date partition columns are written through DuckDB.");
            }
        }
    }

    /// <summary>The most rows one data file holds; bigger partitions are split.</summary>
    public long MaxRowsPerFile { get; init; } = 1_000_000;

    /// <summary>Columns whose hash picks a row's file within a split partition (the table's key, say).</summary>
    public IReadOnlyList<string> BucketColumns { get; init; } = [];

    /// <summary>Where <c>write</c> (DuckDB's COPY) and <c>publish</c> (stats, moves, uploads) seconds are added, when set.</summary>
    public Dictionary<string, double>? Steps { get; init; }

    /// <summary>
    /// Writes the rows of <paramref name="relation"/> (a table, view or parenthesized query with the table's columns,
    /// matched by name) as new data files of the table and returns their add actions.
    /// </summary>
    /// <param name="relation">The rows to write.</param>
    /// <param name="partitionRows">
    /// A query returning the partition columns and <c>__rows</c> (an estimate of the rows per partition, which
    /// sizes the split); every partition of <paramref name="relation"/> must be in it. Null counts the relation.
    /// </param>
    /// <param name="cancellationToken">Checked between files.</param>
    public async Task<IReadOnlyList<AddFile>> WriteAsync(string relation, string? partitionRows, CancellationToken cancellationToken)
    {
        var partitions = _snapshot.PartitionColumns;
        var parts = RegisterParts(relation, partitionRows);
        var (missing, extra) = CompareColumns(relation);
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidOperationException(
                $"The rows to write into {_table.Storage.Location} do not match its schema: " +
                (missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : string.Empty) +
                (missing.Count > 0 && extra.Count > 0 ? "; " : string.Empty) +
                (extra.Count > 0 ? $"not in the table {string.Join(", ", extra)}" : string.Empty) + ".");
        }

        var partitionSet = new HashSet<string>(partitions, StringComparer.OrdinalIgnoreCase);
        var select = _snapshot.Schema.Fields
            .Where(f => !partitionSet.Contains(f.Name))
            .Select(f => $"CAST(r.{Sql.Identifier(f.Name)} AS {DeltaDuckDbView.DuckType(f.Type)}) AS {Sql.Identifier(f.Name)}")
            .ToList();
        var hashed = BucketColumns.Count == 0 ? _snapshot.Schema.Fields.Select(f => f.Name) : BucketColumns;
        var bucket = $"CAST(hash({string.Join(", ", hashed.Select(c => "r." + Sql.Identifier(c)))}) % p.__buckets AS INTEGER)";
        var join = partitions.Count == 0
            ? "CROSS JOIN __write_parts AS p"
            : "LEFT JOIN __write_parts AS p ON " + string.Join(" AND ", partitions.Select(c => $"r.{Sql.Identifier(c)} IS NOT DISTINCT FROM p.{Sql.Identifier(c)}"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var folder = _scratch.FolderOf($"write-{Guid.NewGuid():N}");
        var written = new List<WrittenFile>();
        using (var reader = _session.Read(
            $"COPY (SELECT {string.Join(", ", select)}, p.__part AS {PartColumn}, CASE WHEN p.__buckets IS NULL OR p.__buckets = 1 THEN 0 ELSE {bucket} END AS {BucketColumn} " +
            $"FROM {relation} AS r {join}) TO {Sql.Literal(folder)} (FORMAT parquet, COMPRESSION snappy, " +
            $"PARTITION_BY ({PartColumn}, {BucketColumn}), RETURN_STATS, FILENAME_PATTERN 'part-00000-{{uuid}}-c000.snappy')"))
        {
            while (reader.Read())
            {
                var partKeys = (IDictionary)reader.GetValue(reader.GetOrdinal("partition_keys"));
                written.Add(new WrittenFile(
                    reader.GetString(reader.GetOrdinal("filename")),
                    Convert.ToInt64(reader.GetValue(reader.GetOrdinal("count")), CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(reader.GetOrdinal("file_size_bytes")), CultureInfo.InvariantCulture),
                    int.TryParse(Convert.ToString(partKeys[PartColumn], CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var part) ? part : null,
                    (IDictionary)reader.GetValue(reader.GetOrdinal("column_statistics"))));
            }
        }

        AddStep("write", watch);
        var adds = new List<AddFile>(written.Count);
        foreach (var file in written)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Part is not { } part || !parts.TryGetValue(part, out var values))
            {
                // The partition estimate missed a partition of the rows: refuse rather than drop or misfile them.
                throw new InvalidOperationException(
                    $"DuckDB wrote {file.Rows} rows for {_table.Storage.Location} into a partition that was not announced to the writer; nothing was committed.");
            }

            var relative = string.Concat(partitions.Select(c => DeltaPaths.PartitionFolder(c, values[c]) + "/")) + Path.GetFileName(file.Path);
            var stats = StatsOf(file);
            await PublishAsync(file.Path, relative, cancellationToken).ConfigureAwait(false);
            adds.Add(new AddFile(DeltaPaths.Encode(relative), values, file.Size, _time.GetUtcNow().ToUnixTimeMilliseconds(), true, stats));
        }

        AddStep("publish", watch);
        return adds;
    }

    private void AddStep(string name, System.Diagnostics.Stopwatch watch)
    {
        if (Steps is not null)
        {
            Steps[name] = Steps.GetValueOrDefault(name) + watch.Elapsed.TotalSeconds;
        }

        watch.Restart();
    }

    /// <summary>Numbers the partitions to write and sizes their split; returns each number's partition values as Delta writes them.</summary>
    private Dictionary<int, IReadOnlyDictionary<string, string?>> RegisterParts(string relation, string? partitionRows)
    {
        var partitions = _snapshot.PartitionColumns;
        var columns = partitions.Select(Sql.Identifier).ToList();
        var counts = partitionRows ?? (partitions.Count == 0
            ? $"SELECT count(*) AS __rows FROM {relation}"
            : $"SELECT {string.Join(", ", columns)}, count(*) AS __rows FROM {relation} GROUP BY ALL");
        var group = partitions.Count == 0 ? string.Empty : $"{string.Join(", ", columns)}, ";
        _session.Execute(
            $"CREATE OR REPLACE TEMP TABLE __write_parts AS SELECT {group}CAST(row_number() OVER () AS INTEGER) AS __part, " +
            $"CAST(greatest(1, ceil(sum(__rows) / {MaxRowsPerFile.ToString(CultureInfo.InvariantCulture)})) AS INTEGER) AS __buckets " +
            $"FROM ({counts}){(partitions.Count == 0 ? string.Empty : " GROUP BY " + string.Join(", ", columns))}");

        var parts = new Dictionary<int, IReadOnlyDictionary<string, string?>>();
        var text = partitions.Select(c => $"CAST({Sql.Identifier(c)} AS VARCHAR)");
        using var reader = _session.Read($"SELECT __part{string.Concat(text.Select(t => ", " + t))} FROM __write_parts");
        while (reader.Read())
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < partitions.Count; i++)
            {
                values[partitions[i]] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
            }

            parts[reader.GetInt32(0)] = values;
        }

        return parts;
    }

    private (List<string> Missing, List<string> Extra) CompareColumns(string relation)
    {
        var present = _session.ColumnsOf($"SELECT * FROM {relation}");
        var missing = _snapshot.Schema.Fields.Where(f => !present.Contains(f.Name, StringComparer.OrdinalIgnoreCase)).Select(f => f.Name).ToList();
        var extra = present.Where(c => _snapshot.Schema.Find(c) is null).ToList();
        return (missing, extra);
    }

    private string StatsOf(WrittenFile file)
    {
        var stats = new DeltaFileStats(_snapshot) { NumRecords = file.Rows };
        var byName = new Dictionary<string, IDictionary>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in file.ColumnStatistics)
        {
            byName[Unquote((string)entry.Key)] = (IDictionary)entry.Value!;
        }

        var unknown = new List<StructField>();
        foreach (var field in stats.Columns)
        {
            if (!byName.TryGetValue(field.Name, out var column))
            {
                unknown.Add(field);
                continue;
            }

            var nulls = Convert.ToInt64(column["null_count"], CultureInfo.InvariantCulture);
            var min = column.Contains("min") ? Convert.ToString(column["min"], CultureInfo.InvariantCulture) : null;
            var max = column.Contains("max") ? Convert.ToString(column["max"], CultureInfo.InvariantCulture) : null;
            if ((min is null || max is null) && nulls < file.Rows && field.Type is PrimitiveType { Name: "string" })
            {
                // DuckDB keeps no min/max for long strings; Delta keeps a 32-character prefix.
                unknown.Add(field);
                continue;
            }

            var hasNaN = column.Contains("has_nan") && string.Equals(Convert.ToString(column["has_nan"], CultureInfo.InvariantCulture), "true", StringComparison.OrdinalIgnoreCase);
            stats.SetColumn(field.Name, Parse(field, min), Parse(field, max), nulls, hasNaN);
        }

        if (unknown.Count > 0)
        {
            AggregateStats(file, stats, unknown);
        }

        return stats.ToJson();
    }

    /// <summary>Reads the stats DuckDB did not report from the file itself.</summary>
    private void AggregateStats(WrittenFile file, DeltaFileStats stats, List<StructField> columns)
    {
        var aggregates = columns.SelectMany(f => new[]
        {
            $"CAST(min({Sql.Identifier(f.Name)}) AS VARCHAR)",
            $"CAST(max({Sql.Identifier(f.Name)}) AS VARCHAR)",
            $"count(*) - count({Sql.Identifier(f.Name)})",
        });
        using var reader = _session.Read($"SELECT {string.Join(", ", aggregates)} FROM read_parquet({Sql.Literal(file.Path)})");
        reader.Read();
        for (var i = 0; i < columns.Count; i++)
        {
            var min = reader.IsDBNull(3 * i) ? null : reader.GetString(3 * i);
            var max = reader.IsDBNull((3 * i) + 1) ? null : reader.GetString((3 * i) + 1);
            var nan = min is "nan" or "inf" or "-inf" || max is "nan" or "inf" or "-inf";
            stats.SetColumn(columns[i].Name, nan ? null : Parse(columns[i], min), nan ? null : Parse(columns[i], max), reader.GetInt64((3 * i) + 2), nan);
        }
    }

    private async Task PublishAsync(string scratchPath, string relative, CancellationToken cancellationToken)
    {
        if (_table.Storage is LocalDeltaStorage)
        {
            var target = Path.Combine(_table.Storage.Location, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(scratchPath, target);
            return;
        }

        var input = new FileStream(scratchPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (input.ConfigureAwait(false))
        {
            var output = await _table.Storage.CreateAsync(relative, cancellationToken).ConfigureAwait(false);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Delete(scratchPath);
    }

    /// <summary>A min or max as DuckDB prints it, as the CLR value the Delta stats take; null when absent or not comparable.</summary>
    private static object? Parse(StructField field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        return field.Type switch
        {
            PrimitiveType { Name: "string" } => text,
            PrimitiveType { Name: "long" } => long.Parse(text, culture),
            PrimitiveType { Name: "integer" } => int.Parse(text, culture),
            PrimitiveType { Name: "short" } => short.Parse(text, culture),
            PrimitiveType { Name: "byte" } => sbyte.Parse(text, culture),
            PrimitiveType { Name: "double" } => ParseFloating(text),
            PrimitiveType { Name: "float" } => (float?)ParseFloating(text),
            PrimitiveType { Name: "date" } => DateOnly.ParseExact(text, "yyyy-MM-dd", culture),
            PrimitiveType { Name: "timestamp" } => ParseTimestamp(text),
            DecimalType { Precision: <= 28 } => decimal.Parse(text, NumberStyles.Float, culture),
            DecimalType d => DeltaDecimal.Parse(text, d.Precision, d.Scale),
            _ => null,
        };
    }

    // DuckDB prints a TIMESTAMPTZ in the session zone (UTC) with a "+00" offset.
    private static DateTimeOffset ParseTimestamp(string text) => DateTimeOffset.Parse(
        text.EndsWith("+00", StringComparison.Ordinal) ? text[..^3] : text,
        CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static double ParseFloating(string text) => text.ToLowerInvariant() switch
    {
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    // RETURN_STATS names columns as quoted identifiers ("col").
    private static string Unquote(string name) =>
        name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    private sealed record WrittenFile(string Path, long Rows, long Size, int? Part, IDictionary ColumnStatistics);
}
