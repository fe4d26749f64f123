using Tributary.Delta;
using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Load.Internal;

/// <summary>
/// Registers a Delta snapshot as a DuckDB view: the live files' Parquet read by DuckDB, partition columns added from
/// the log's typed partition values, columns missing from older files (schema evolution) added as NULL.
/// </summary>
internal static class DeltaDuckDbView
{
    /// <summary>
    /// Registers the view over a table in any storage: a local folder is read in place; otherwise the files the view
    /// reads are first copied into <paramref name="cache"/> under their table-relative paths. With
    /// <paramref name="query"/>, only the files whose partitions it can read are registered (see
    /// <see cref="QueryPartitionScope"/>): the others are neither copied nor read.
    /// </summary>
    /// <returns>The number of files the view reads.</returns>
    public static async Task<int> RegisterAsync(
        DuckDbSession session,
        string viewName,
        DeltaSnapshot snapshot,
        IDeltaStorage storage,
        LocalFileCache cache,
        Func<IReadOnlyDictionary<string, string?>, bool>? partitionFilter,
        string? query,
        CancellationToken cancellationToken)
    {
        var files = snapshot.Files.Where(f => partitionFilter is null || partitionFilter(f.PartitionValues)).ToList();
        if (query is not null)
        {
            files = PartitionFileSelection.Select(session, viewName, snapshot, files, query);
        }

        if (storage is LocalDeltaStorage)
        {
            return Register(session, viewName, snapshot, storage.Location, files);
        }

        var folder = $"tables/{Guid.NewGuid():N}";
        foreach (var file in files)
        {
            var relative = DeltaSnapshot.GetStoragePath(file);
            if (relative.StartsWith('/') || System.Text.RegularExpressions.Regex.IsMatch(relative, "^[A-Za-z][A-Za-z0-9+.-]*:"))
            {
                throw new NotSupportedException(
                    $"Table {storage.Location} lists data file '{relative}' outside its root; only files under the table root can be read from this store.");
            }

            await cache.CopyAsync(
                $"{folder}/{relative}", $"{storage.Location}/{relative}", ct => storage.OpenReadAsync(relative, ct), cancellationToken).ConfigureAwait(false);
        }

        return Register(session, viewName, snapshot, cache.FolderOf(folder), files);
    }

    /// <summary>Creates (or replaces) view <paramref name="viewName"/> over the files of <paramref name="snapshot"/> whose partition values pass <paramref name="partitionFilter"/>.</summary>
    /// <param name="session">The DuckDB session.</param>
    /// <param name="viewName">The view's name.</param>
    /// <param name="snapshot">The snapshot to read.</param>
    /// <param name="localRoot">The table's folder on the local disk (DuckDB reads the files itself).</param>
    /// <param name="partitionFilter">Which files to read, by partition values; null reads all.</param>
    /// <returns>The number of files the view reads.</returns>
    public static int Register(
        DuckDbSession session,
        string viewName,
        DeltaSnapshot snapshot,
        string localRoot,
        Func<IReadOnlyDictionary<string, string?>, bool>? partitionFilter = null) =>
        Register(session, viewName, snapshot, localRoot, snapshot.Files.Where(f => partitionFilter is null || partitionFilter(f.PartitionValues)).ToList());

    private static int Register(DuckDbSession session, string viewName, DeltaSnapshot snapshot, string localRoot, List<AddFile> files)
    {
        var partitions = snapshot.PartitionColumns;
        var view = Sql.Identifier(viewName);
        if (files.Count == 0)
        {
            var nulls = snapshot.Schema.Fields.Select(f => $"CAST(NULL AS {DuckType(f.Type)}) AS {Sql.Identifier(f.Name)}");
            session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {string.Join(", ", nulls)} WHERE false");
            return 0;
        }

        var paths = files.Select(f => LocalPath(localRoot, f)).ToList();
        if (partitions.Count > 0 && IsHiveLayout(files, partitions, paths, snapshot, session))
        {
            // DuckDB derives the partition columns from the folder names and skips the files a filter on them excludes.
            var hiveTypes = string.Join(", ", partitions.Select(p => $"{Sql.Literal(p)}: {Sql.Literal(DuckType(snapshot.Schema.Find(p)!.Type))}"));
            var hiveRead = $"read_parquet({Sql.List(paths)}, union_by_name = true, hive_partitioning = true, hive_types = {{{hiveTypes}}})";
            var present = new HashSet<string>(session.ColumnsOf($"SELECT * FROM {hiveRead}"), StringComparer.OrdinalIgnoreCase);
            var columns = snapshot.Schema.Fields.Select(f => present.Contains(f.Name)
                ? $"{Sql.Identifier(f.Name)}"
                : $"CAST(NULL AS {DuckType(f.Type)}) AS {Sql.Identifier(f.Name)}");
            session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {string.Join(", ", columns)} FROM {hiveRead}");
            return files.Count;
        }

        var fileTable = Sql.Identifier($"__delta_files_{viewName}");
        var partitionDefinitions = partitions.Select((p, i) => $", p{i} VARCHAR");
        session.Execute($"CREATE OR REPLACE TEMP TABLE {fileTable} (path VARCHAR{string.Concat(partitionDefinitions)})");
        using (var appender = session.Connection.CreateAppender(fileTable.Trim('"')))
        {
            for (var i = 0; i < files.Count; i++)
            {
                var row = appender.CreateRow().AppendValue(paths[i]);
                foreach (var column in partitions)
                {
                    row.AppendValue(PartitionValue(files[i], column));
                }

                row.EndRow();
            }
        }

        var read = $"read_parquet({Sql.List(paths)}, union_by_name = true, hive_partitioning = false, filename = '__delta_file')";
        var inFiles = new HashSet<string>(session.ColumnsOf($"SELECT * FROM {read}"), StringComparer.OrdinalIgnoreCase);
        var select = new List<string>();
        foreach (var field in snapshot.Schema.Fields)
        {
            var name = Sql.Identifier(field.Name);
            var partitionIndex = IndexOf(partitions, field.Name);
            if (partitionIndex >= 0)
            {
                select.Add($"{PartitionCast($"f.p{partitionIndex}", field.Type)} AS {name}");
            }
            else if (inFiles.Contains(field.Name))
            {
                select.Add($"r.{name} AS {name}");
            }
            else
            {
                select.Add($"CAST(NULL AS {DuckType(field.Type)}) AS {name}");
            }
        }

        session.Execute(
            $"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {string.Join(", ", select)} " +
            $"FROM {read} AS r JOIN {fileTable} AS f ON f.path = r.__delta_file");
        return files.Count;
    }

    /// <summary>
    /// True when DuckDB's Hive partitioning reads exactly the log's partition values: every file sits under
    /// <c>col=value/</c> folders in partition-column order with plain values (no null, no character that needs
    /// escaping), the types are simple, and no data file also holds a partition column.
    /// </summary>
    private static bool IsHiveLayout(List<AddFile> files, IReadOnlyList<string> partitions, List<string> paths, DeltaSnapshot snapshot, DuckDbSession session)
    {
        foreach (var column in partitions)
        {
            if (snapshot.Schema.Find(column)?.Type is not PrimitiveType { Name: "string" or "integer" or "long" or "short" or "byte" or "date" })
            {
                return false;
            }
        }

        for (var i = 0; i < files.Count; i++)
        {
            var expected = string.Join('/', partitions.Select(p => $"{p}={PartitionValue(files[i], p)}"));
            var relative = DeltaSnapshot.GetStoragePath(files[i]);
            var directory = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? string.Empty;
            if (partitions.Any(p => PartitionValue(files[i], p) is not { } v || v.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.')))
                || !string.Equals(directory, expected, StringComparison.Ordinal))
            {
                return false;
            }
        }

        var inFiles = session.ColumnsOf($"SELECT * FROM read_parquet({Sql.List(paths)}, union_by_name = true, hive_partitioning = false)");
        return !inFiles.Any(c => partitions.Contains(c, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The DuckDB type of a Delta type.</summary>
    public static string DuckType(DeltaType type) => type switch
    {
        PrimitiveType { Name: "string" } => "VARCHAR",
        PrimitiveType { Name: "long" } => "BIGINT",
        PrimitiveType { Name: "integer" } => "INTEGER",
        PrimitiveType { Name: "short" } => "SMALLINT",
        PrimitiveType { Name: "byte" } => "TINYINT",
        PrimitiveType { Name: "boolean" } => "BOOLEAN",
        PrimitiveType { Name: "float" } => "FLOAT",
        PrimitiveType { Name: "double" } => "DOUBLE",
        PrimitiveType { Name: "date" } => "DATE",
        PrimitiveType { Name: "timestamp" } => "TIMESTAMPTZ",
        PrimitiveType { Name: "timestamp_ntz" } => "TIMESTAMP",
        PrimitiveType { Name: "binary" } => "BLOB",
        DecimalType d => $"DECIMAL({d.Precision},{d.Scale})",
        ArrayType a => $"{DuckType(a.ElementType)}[]",
        MapType m => $"MAP({DuckType(m.KeyType)}, {DuckType(m.ValueType)})",
        StructType s => $"STRUCT({string.Join(", ", s.Fields.Select(f => $"{Sql.Identifier(f.Name)} {DuckType(f.Type)}"))})",
        _ => "VARCHAR",
    };

    /// <summary>The SQL that turns a partition value (as the log writes it) into the column's type.</summary>
    public static string PartitionCast(string expression, DeltaType type) => type switch
    {
        PrimitiveType { Name: "string" } => expression,
        // Spark writes legacy timestamp partition values in the writer's zone without an offset; Delta readers
        // (Kernel) read them as UTC, and so does this.
        PrimitiveType { Name: "timestamp" } => $"CAST({expression} AS TIMESTAMPTZ)",
        PrimitiveType { Name: "boolean" } => $"CAST(lower({expression}) AS BOOLEAN)",
        _ => $"CAST({expression} AS {DuckType(type)})",
    };

    /// <summary>A file's value for a partition column, null for a null value.</summary>
    public static string? PartitionValue(AddFile file, string column)
    {
        foreach (var (key, value) in file.PartitionValues)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                // The protocol writes an empty string for a null partition value.
                return string.IsNullOrEmpty(value) ? null : value;
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string LocalPath(string localRoot, AddFile file)
    {
        var relative = DeltaSnapshot.GetStoragePath(file);
        if (relative.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(relative).LocalPath;
        }

        return Path.IsPathRooted(relative) ? relative : Path.Combine(localRoot, relative);
    }
}
