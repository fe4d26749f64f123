using System.Globalization;
using System.Text.Json;
using Tributary.Delta;
using Tributary.Delta.Actions;

namespace Tributary.Load.Internal;

/// <summary>
/// Append and MERGE into a Delta table with DuckDB doing the data work: DuckDB reads the table files that can hold
/// matching keys, computes the new contents and writes the data files (<see cref="DuckDbFileWriter"/>); this class
/// commits remove(old) + add(new) in one transaction. Memory is DuckDB's (bounded by its memory limit, spilling to
/// its temp folder), not rows held in .NET.
/// </summary>
internal sealed class DuckDbDeltaWrites
{
    private readonly DuckDbSession _session;
    private readonly LocalFileCache _cache;
    private readonly TimeProvider _time;

    public DuckDbDeltaWrites(DuckDbSession session, LocalFileCache cache, TimeProvider time)
    {
        _session = session;
        _cache = cache;
        _time = time;
    }

    private readonly Dictionary<string, double> _steps = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _watch = new();

    /// <summary>Seconds spent per step of the last write: <c>find</c> (files to rewrite), <c>write</c> (DuckDB's COPY), <c>publish</c> (stats, moves, uploads), <c>commit</c>.</summary>
    public IReadOnlyDictionary<string, double> Steps => _steps;

    /// <summary>The most rows per written data file.</summary>
    public long MaxRowsPerFile { get; init; } = 1_000_000;

    /// <summary>Appends the rows of <paramref name="source"/> (a blind append); a split partition is bucketed by <paramref name="keys"/>.</summary>
    public async Task<DeltaWriteResult> AppendAsync(DeltaTable table, string source, IReadOnlyList<string> keys, DeltaWriteOptions options, CancellationToken cancellationToken)
    {
        _steps.Clear();
        _watch.Restart();
        var transaction = await table.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (Recorded(transaction.ReadSnapshot, options) is { } skipped)
        {
            return skipped;
        }

        var adds = await Writer(table, transaction.ReadSnapshot, keys).WriteAsync(source, null, cancellationToken).ConfigureAwait(false);
        var counts = new DeltaWriteResult
        {
            FilesAdded = adds.Count,
            RowsInserted = adds.Sum(RowsOf),
        };
        var parameters = new Dictionary<string, object?>
        {
            ["mode"] = "Append",
            ["partitionBy"] = JsonSerializer.Serialize(transaction.ReadSnapshot.PartitionColumns),
        };
        return await CommitAsync(transaction, adds, [], "WRITE", parameters, counts, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Upserts the rows of <paramref name="source"/> (unique on <paramref name="keys"/>) into the table: a matched row takes every source column but <paramref name="preserve"/>,
    /// an unmatched source row is inserted. Only files with a matching key are rewritten.
    /// </summary>
    public async Task<DeltaWriteResult> MergeAsync(
        DeltaTable table,
        string source,
        IReadOnlyList<string> keys,
        IReadOnlyList<string> preserve,
        DeltaWriteOptions options,
        CancellationToken cancellationToken)
    {
        _steps.Clear();
        _watch.Restart();
        var transaction = await table.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = transaction.ReadSnapshot;
        if (Recorded(snapshot, options) is { } skipped)
        {
            return skipped;
        }

        // A match needs equal keys, so only partitions whose key partition columns (region) hold a source value can
        // hold one; partition columns outside the key (invoice_year) are pruned by the key columns' stats instead.
        var keyPartitions = snapshot.PartitionColumns.Where(p => keys.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        var dataKeys = keys.Where(k => !keyPartitions.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        var touched = DistinctPartitions(source, keyPartitions);
        transaction.ReadPartitions(values => touched.Contains(PartitionTuple(values, keyPartitions)));

        // 1. Files that can hold a source key: each key column's min/max range overlaps the source's range in the
        //    file's key partition.
        var inPartitions = snapshot.Files.Where(f => touched.Contains(PartitionTuple(f.PartitionValues, keyPartitions))).ToList();
        RegisterFiles(inPartitions, snapshot, dataKeys);
        var keyBounds = string.Join(", ", dataKeys.SelectMany(k => new[] { $"min({Sql.Identifier(k)}) AS {Sql.Identifier("min_" + k)}", $"max({Sql.Identifier(k)}) AS {Sql.Identifier("max_" + k)}" }));
        var keyGroup = keyPartitions.Count == 0 ? string.Empty : $"{string.Join(", ", keyPartitions.Select(Sql.Identifier))}, ";
        _session.Execute($"CREATE OR REPLACE TEMP TABLE __merge_bounds AS SELECT {keyGroup}{(dataKeys.Count == 0 ? "1 AS __one" : keyBounds)} FROM {source} GROUP BY ALL");
        var overlap = keyPartitions.Select(p => $"f.{Sql.Identifier(p)} IS NOT DISTINCT FROM b.{Sql.Identifier(p)}")
            .Concat(dataKeys.Select((k, i) =>
            {
                var type = DeltaDuckDbView.DuckType(snapshot.Schema.Find(k)!.Type);
                return $"(f.min{i} IS NULL OR TRY_CAST(f.min{i} AS {type}) IS NULL OR TRY_CAST(f.min{i} AS {type}) <= b.{Sql.Identifier("max_" + k)}) AND " +
                    $"(f.max{i} IS NULL OR TRY_CAST(f.max{i} AS {type}) IS NULL OR TRY_CAST(f.max{i} AS {type}) >= b.{Sql.Identifier("min_" + k)})";
            }))
            .DefaultIfEmpty("true");
        var partitions = snapshot.PartitionColumns;
        var groupBy = partitions.Count == 0 ? string.Empty : $"{string.Join(", ", partitions.Select(Sql.Identifier))}, ";
        var candidates = new List<int>();
        using (var reader = _session.Read($"SELECT DISTINCT f.idx FROM __merge_files AS f JOIN __merge_bounds AS b ON {string.Join(" AND ", overlap)} ORDER BY f.idx"))
        {
            while (reader.Read())
            {
                candidates.Add(reader.GetInt32(0));
            }
        }

        // 2. Which of them hold a matching key, read from the key columns only.
        var paths = await LocalPathsAsync(table, inPartitions, candidates, cancellationToken).ConfigureAwait(false);
        var on = string.Join(" AND ", keys.Select(k => $"t.{Sql.Identifier(k)} = s.{Sql.Identifier(k)}"));
        var rewritten = new List<int>();
        long updated = 0, matchedSources = 0;
        if (candidates.Count > 0)
        {
            RegisterTarget("__merge_target", snapshot, candidates, paths);
            var hitColumns = keys.Concat(preserve.Where(p => !keys.Contains(p, StringComparer.OrdinalIgnoreCase))).Select(c => "t." + Sql.Identifier(c));
            _session.Execute(
                $"CREATE OR REPLACE TEMP TABLE __merge_hits AS SELECT t.__file, {string.Join(", ", hitColumns)} " +
                $"FROM __merge_target AS t SEMI JOIN {source} AS s ON {on}");
            using (var reader = _session.Read("SELECT DISTINCT __file FROM __merge_hits ORDER BY __file"))
            {
                while (reader.Read())
                {
                    rewritten.Add(reader.GetInt32(0));
                }
            }

            updated = _session.Scalar<long>("SELECT count(*) FROM __merge_hits");
            matchedSources = _session.Scalar<long>($"SELECT count(*) FROM (SELECT DISTINCT {string.Join(", ", keys.Select(Sql.Identifier))} FROM __merge_hits)");
        }

        var sourceRows = _session.Scalar<long>($"SELECT count(*) FROM {source}");
        var inserted = sourceRows - matchedSources;
        cancellationToken.ThrowIfCancellationRequested();
        Step("find");

        IReadOnlyList<AddFile> adds;
        var writer = Writer(table, snapshot, keys);
        if (rewritten.Count == 0)
        {
            adds = await writer.WriteAsync(source, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // 3. New contents in two streams that probe small hash tables of the matched target rows only:
            //    every source row (taking the preserved columns from its match, if any), and the old rows without
            //    a match. Neither the source nor the old files are held in a hash table.
            RegisterTarget("__merge_old", snapshot, rewritten, paths);
            string OnHits(string alias) => string.Join(" AND ", keys.Select(k => $"h.{Sql.Identifier(k)} = {alias}.{Sql.Identifier(k)}"));
            var fromSource = snapshot.Schema.Fields.Select(f =>
            {
                var name = Sql.Identifier(f.Name);
                var type = DeltaDuckDbView.DuckType(f.Type);
                return preserve.Contains(f.Name, StringComparer.OrdinalIgnoreCase)
                    ? $"CASE WHEN h.__hit THEN CAST(h.{name} AS {type}) ELSE CAST(s.{name} AS {type}) END AS {name}"
                    : $"CAST(s.{name} AS {type}) AS {name}";
            });
            var fromTarget = snapshot.Schema.Fields.Select(f => $"CAST(t.{Sql.Identifier(f.Name)} AS {DeltaDuckDbView.DuckType(f.Type)}) AS {Sql.Identifier(f.Name)}");
            var relation =
                $"(SELECT {string.Join(", ", fromSource)} FROM {source} AS s LEFT JOIN (SELECT *, true AS __hit FROM __merge_hits) AS h " +
                $"ON {OnHits("s")} " +
                $"UNION ALL SELECT {string.Join(", ", fromTarget)} FROM __merge_old AS t ANTI JOIN __merge_hits AS h " +
                $"ON {OnHits("t")})";
            var estimate =
                $"SELECT {groupBy}sum(__rows) AS __rows FROM (" +
                $"SELECT {groupBy}count(*) AS __rows FROM {source} GROUP BY ALL UNION ALL BY NAME " +
                $"SELECT {groupBy}num_records AS __rows FROM __merge_files WHERE idx IN ({string.Join(", ", rewritten)})) GROUP BY ALL";
            adds = await writer.WriteAsync(relation, estimate, cancellationToken).ConfigureAwait(false);
        }

        var removes = rewritten.Select(i => inPartitions[i]).ToList();
        var written = adds.Sum(RowsOf);
        var counts = new DeltaWriteResult
        {
            FilesAdded = adds.Count,
            FilesRemoved = removes.Count,
            RowsInserted = inserted,
            RowsUpdated = updated,
            RowsCopied = written - inserted - updated,
        };
        var parameters = new Dictionary<string, object?>
        {
            ["predicate"] = $"[\"{string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"))}\"]",
            ["matchedPredicates"] = "[{\"actionType\":\"update\"}]",
            ["notMatchedPredicates"] = "[{\"actionType\":\"insert\"}]",
            ["filesScanned"] = candidates.Count,
        };
        return await CommitAsync(transaction, adds, removes, "MERGE", parameters, counts, options, cancellationToken).ConfigureAwait(false);
    }

    private DuckDbFileWriter Writer(DeltaTable table, DeltaSnapshot snapshot, IReadOnlyList<string> bucketColumns) =>
        new(_session, table, snapshot, _cache, _time) { MaxRowsPerFile = MaxRowsPerFile, BucketColumns = bucketColumns, Steps = _steps };

    private void Step(string name)
    {
        _steps[name] = _steps.GetValueOrDefault(name) + _watch.Elapsed.TotalSeconds;
        _watch.Restart();
    }

    /// <summary>The distinct partition tuples of the source, in <c>partitionValues</c> text.</summary>
    private HashSet<string> DistinctPartitions(string source, IReadOnlyList<string> partitions)
    {
        var tuples = new HashSet<string>(StringComparer.Ordinal);
        if (partitions.Count == 0)
        {
            tuples.Add(string.Empty);
            return tuples;
        }

        using var reader = _session.Read($"SELECT DISTINCT {string.Join(", ", partitions.Select(p => $"CAST({Sql.Identifier(p)} AS VARCHAR)"))} FROM {source}");
        while (reader.Read())
        {
            tuples.Add(string.Concat(Enumerable.Range(0, partitions.Count).Select(i => reader.IsDBNull(i) ? "\u0000N" : "\u0000V" + reader.GetString(i))));
        }

        return tuples;
    }

    private static string PartitionTuple(IReadOnlyDictionary<string, string?> values, IReadOnlyList<string> partitions) =>
        string.Concat(partitions.Select(p =>
        {
            var value = values.FirstOrDefault(v => string.Equals(v.Key, p, StringComparison.OrdinalIgnoreCase)).Value;
            return string.IsNullOrEmpty(value) ? "\u0000N" : "\u0000V" + value;
        }));

    /// <summary>
    /// <c>__merge_files</c>: per file of the touched partitions its index, typed partition values, row count and the
    /// min/max text of each non-partition key column from its stats (null when the stats do not say).
    /// </summary>
    private void RegisterFiles(List<AddFile> files, DeltaSnapshot snapshot, List<string> dataKeys)
    {
        var partitions = snapshot.PartitionColumns;
        var definitions = new List<string> { "idx INTEGER", "num_records BIGINT" };
        definitions.AddRange(dataKeys.SelectMany((_, i) => new[] { $"min{i} VARCHAR", $"max{i} VARCHAR" }));
        definitions.AddRange(partitions.Select((_, i) => $"p{i} VARCHAR"));
        _session.Execute($"CREATE OR REPLACE TEMP TABLE __merge_files_raw ({string.Join(", ", definitions)})");
        using (var appender = _session.Connection.CreateAppender("__merge_files_raw"))
        {
            for (var i = 0; i < files.Count; i++)
            {
                var (records, min, max) = KeyStats(files[i].Stats, dataKeys);
                var row = appender.CreateRow().AppendValue(i).AppendValue(records);
                for (var k = 0; k < dataKeys.Count; k++)
                {
                    row.AppendValue(min[k]).AppendValue(max[k]);
                }

                foreach (var partition in partitions)
                {
                    var value = files[i].PartitionValues.FirstOrDefault(v => string.Equals(v.Key, partition, StringComparison.OrdinalIgnoreCase)).Value;
                    row.AppendValue(string.IsNullOrEmpty(value) ? null : value);
                }

                row.EndRow();
            }
        }

        var columns = new List<string> { "idx", "num_records" };
        columns.AddRange(dataKeys.SelectMany((_, i) => new[] { $"min{i}", $"max{i}" }));
        columns.AddRange(partitions.Select((p, i) => $"CAST(p{i} AS {DeltaDuckDbView.DuckType(snapshot.Schema.Find(p)!.Type)}) AS {Sql.Identifier(p)}"));
        _session.Execute($"CREATE OR REPLACE TEMP TABLE __merge_files AS SELECT {string.Join(", ", columns)} FROM __merge_files_raw");
    }

    private static (long? Records, string?[] Min, string?[] Max) KeyStats(string? stats, List<string> keys)
    {
        var min = new string?[keys.Count];
        var max = new string?[keys.Count];
        if (string.IsNullOrEmpty(stats))
        {
            return (null, min, max);
        }

        using var json = JsonDocument.Parse(stats);
        var root = json.RootElement;
        long? records = root.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var count) ? count : null;
        for (var k = 0; k < keys.Count; k++)
        {
            min[k] = Bound(root, "minValues", keys[k]);
            max[k] = Bound(root, "maxValues", keys[k]);
        }

        return (records, min, max);
    }

    private static string? Bound(JsonElement root, string section, string column)
    {
        if (!root.TryGetProperty(section, out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in values.EnumerateObject())
        {
            if (string.Equals(property.Name, column, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => null,
                };
            }
        }

        return null;
    }

    /// <summary>Local paths of the files DuckDB reads: in place for a local table, else copies in the cache.</summary>
    private async Task<Dictionary<int, string>> LocalPathsAsync(DeltaTable table, List<AddFile> files, List<int> indexes, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<int, string>();
        var folder = $"merge-{Guid.NewGuid():N}";
        foreach (var i in indexes)
        {
            var relative = DeltaSnapshot.GetStoragePath(files[i]);
            if (relative.StartsWith('/') || relative.Contains(':', StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Table {table.Storage.Location} lists data file '{relative}' outside its root; the load writes tables whose files are under the root.");
            }

            paths[i] = table.Storage is LocalDeltaStorage
                ? Path.Combine(table.Storage.Location, relative)
                : await _cache.CopyAsync($"{folder}/{relative}", $"{table.Storage.Location}/{relative}", ct => table.Storage.OpenReadAsync(relative, ct), cancellationToken).ConfigureAwait(false);
        }

        return paths;
    }

    /// <summary>A view over the given files with <c>__file</c> (the file's index) and the partition columns from the log.</summary>
    private void RegisterTarget(string view, DeltaSnapshot snapshot, List<int> indexes, Dictionary<int, string> paths)
    {
        var table = $"{view}_paths";
        _session.Execute($"CREATE OR REPLACE TEMP TABLE {table} (path VARCHAR, idx INTEGER)");
        using (var appender = _session.Connection.CreateAppender(table))
        {
            foreach (var i in indexes)
            {
                appender.CreateRow().AppendValue(paths[i]).AppendValue(i).EndRow();
            }
        }

        var partitions = snapshot.PartitionColumns;
        var read = $"read_parquet({Sql.List(indexes.Select(i => paths[i]))}, union_by_name = true, hive_partitioning = false, filename = '__delta_file')";
        var inFiles = new HashSet<string>(_session.ColumnsOf($"SELECT * FROM {read}"), StringComparer.OrdinalIgnoreCase);
        var select = snapshot.Schema.Fields.Select(f =>
        {
            var name = Sql.Identifier(f.Name);
            var type = DeltaDuckDbView.DuckType(f.Type);
            return partitions.Contains(f.Name, StringComparer.OrdinalIgnoreCase) ? $"m.{name} AS {name}"
                : inFiles.Contains(f.Name) ? $"r.{name} AS {name}"
                : $"CAST(NULL AS {type}) AS {name}";
        });
        _session.Execute(
            $"CREATE OR REPLACE TEMP VIEW {view} AS SELECT p.idx AS __file, {string.Join(", ", select)} FROM {read} AS r " +
            $"JOIN {table} AS p ON p.path = r.__delta_file JOIN __merge_files AS m ON m.idx = p.idx");
    }

    private static DeltaWriteResult? Recorded(DeltaSnapshot snapshot, DeltaWriteOptions options) =>
        options.AppTransaction is { } txn && snapshot.GetAppTransactionVersion(txn.AppId) is { } recorded && recorded >= txn.Version
            ? new DeltaWriteResult
            {
                Version = snapshot.Version,
                Skipped = true,
                SkipReason = $"appId '{txn.AppId}' already committed version {recorded} (≥ {txn.Version}); nothing was written.",
            }
            : null;

    private static long RowsOf(AddFile add)
    {
        using var json = JsonDocument.Parse(add.Stats!);
        return json.RootElement.GetProperty("numRecords").GetInt64();
    }

    private async Task<DeltaWriteResult> CommitAsync(
        DeltaTransaction transaction,
        IReadOnlyList<AddFile> adds,
        IReadOnlyList<AddFile> removes,
        string operation,
        IReadOnlyDictionary<string, object?> parameters,
        DeltaWriteResult counts,
        DeltaWriteOptions options,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var remove in removes)
        {
            transaction.Remove(new RemoveFile(remove.Path, now, true, true, remove.PartitionValues, remove.Size, remove.Stats, remove.Tags));
        }

        foreach (var add in adds)
        {
            transaction.Add(add);
        }

        if (options.AppTransaction is { } txn)
        {
            transaction.SetAppTransaction(txn.AppId, txn.Version);
        }

        var text = (long value) => value.ToString(CultureInfo.InvariantCulture);
        var metrics = new Dictionary<string, object?>
        {
            ["numFiles"] = text(counts.FilesAdded),
            ["numAddedFiles"] = text(counts.FilesAdded),
            ["numRemovedFiles"] = text(counts.FilesRemoved),
            ["numOutputRows"] = text(counts.RowsInserted + counts.RowsUpdated + counts.RowsCopied),
            ["numOutputBytes"] = text(adds.Sum(a => a.Size)),
            ["numTargetRowsInserted"] = text(counts.RowsInserted),
            ["numTargetRowsUpdated"] = text(counts.RowsUpdated),
            ["numTargetRowsDeleted"] = text(0),
            ["numTargetRowsCopied"] = text(counts.RowsCopied),
        };
        var extra = new Dictionary<string, object?> { ["operationMetrics"] = metrics };
        foreach (var (key, value) in options.CommitInfo ?? new Dictionary<string, object?>())
        {
            extra[key] = value;
        }

        _watch.Restart();
        var result = await transaction.CommitAsync(operation, parameters, extra, cancellationToken).ConfigureAwait(false);
        Step("commit");
        return result.Skipped
            ? new DeltaWriteResult { Version = result.Version, Skipped = true, SkipReason = result.SkipReason }
            : counts with { Version = result.Version };
    }
}
