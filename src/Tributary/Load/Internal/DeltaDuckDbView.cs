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
        Func<IReadOnlyDictionary<string, string?>, bool>? partitionFilter = null)
    {
        var files = snapshot.Files.Where(f => partitionFilter is null || partitionFilter(f.PartitionValues)).ToList();
        var partitions = snapshot.PartitionColumns;
        var view = Sql.Identifier(viewName);
        if (files.Count == 0)
        {
            var nulls = snapshot.Schema.Fields.Select(f => $"CAST(NULL AS {DuckType(f.Type)}) AS {Sql.Identifier(f.Name)}");
            session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {string.Join(", ", nulls)} WHERE false");
            return 0;
        }

        var fileTable = Sql.Identifier($"__delta_files_{viewName}");
        var partitionDefinitions = partitions.Select((p, i) => $", p{i} VARCHAR");
        session.Execute($"CREATE OR REPLACE TEMP TABLE {fileTable} (path VARCHAR{string.Concat(partitionDefinitions)})");
        var paths = new List<string>(files.Count);
        using (var appender = session.Connection.CreateAppender(fileTable.Trim('"')))
        {
            foreach (var file in files)
            {
                var path = LocalPath(localRoot, file);
                paths.Add(path);
                var row = appender.CreateRow().AppendValue(path);
                foreach (var column in partitions)
                {
                    row.AppendValue(PartitionValue(file, column));
                }

                row.EndRow();
            }
        }

        var read = $"read_parquet({Sql.List(paths)}, union_by_name = true, filename = '__delta_file')";
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

    private static string PartitionCast(string expression, DeltaType type) => type switch
    {
        PrimitiveType { Name: "string" } => expression,
        // Spark writes legacy timestamp partition values in the writer's zone without an offset; Delta readers
        // (Kernel) read them as UTC, and so does this.
        PrimitiveType { Name: "timestamp" } => $"CAST({expression} AS TIMESTAMPTZ)",
        PrimitiveType { Name: "boolean" } => $"CAST(lower({expression}) AS BOOLEAN)",
        _ => $"CAST({expression} AS {DuckType(type)})",
    };

    private static string? PartitionValue(AddFile file, string column)
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
