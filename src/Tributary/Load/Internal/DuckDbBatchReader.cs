using System.Data.Common;
using Tributary.Delta;
using Tributary.Delta.Schema;

namespace Tributary.Load.Internal;

/// <summary>
/// Moves a small DuckDB result (rejected rows, the summary) into <see cref="DeltaBatch"/> columns: the data reader's
/// typed getters fill typed arrays, with no per-value boxing. The Delta schema comes from the result's DuckDB types.
/// The curated rows never come this way: DuckDB writes their files itself (<see cref="DuckDbFileWriter"/>).
/// </summary>
internal static class DuckDbBatchReader
{
    /// <summary>The Delta schema of a query's result.</summary>
    public static StructType SchemaOf(DuckDbSession session, string sql)
    {
        using var reader = session.Read($"DESCRIBE ({sql})");
        var fields = new List<StructField>();
        while (reader.Read())
        {
            fields.Add(new StructField(reader.GetString(0), ToDeltaType(reader.GetString(1), reader.GetString(0))));
        }

        return new StructType(fields);
    }

    /// <summary>Runs <paramref name="sql"/> and returns all its rows as one batch (arrays sized by a count first).</summary>
    public static DeltaBatch ReadAll(DuckDbSession session, string sql, StructType schema)
    {
        var count = session.Scalar<long>($"SELECT count(*) FROM ({sql})");
        if (count > Array.MaxLength)
        {
            throw new InvalidOperationException($"{count} rows do not fit in one batch; lower Load:MaxBatchesPerLoad.");
        }

        return count == 0
            ? new DeltaBatch(schema, schema.Fields.Select(f => Filler.For(f.Type).Create(0)).ToArray(), 0)
            : Read(session, sql, schema, (int)count).Single();
    }

    /// <summary>Runs <paramref name="sql"/> and returns its rows in batches of at most <paramref name="batchRows"/> rows.</summary>
    private static IEnumerable<DeltaBatch> Read(DuckDbSession session, string sql, StructType schema, int batchRows)
    {
        using var reader = session.Read(sql);
        if (reader.FieldCount != schema.Fields.Count)
        {
            throw new InvalidOperationException($"The query returns {reader.FieldCount} columns; the schema has {schema.Fields.Count}.");
        }

        var fillers = schema.Fields.Select(f => Filler.For(f.Type)).ToArray();
        while (true)
        {
            var columns = fillers.Select(f => f.Create(batchRows)).ToArray();
            var rows = 0;
            while (rows < batchRows && reader.Read())
            {
                for (var c = 0; c < fillers.Length; c++)
                {
                    if (!reader.IsDBNull(c))
                    {
                        fillers[c].Set(columns[c], rows, reader, c);
                    }
                }

                rows++;
            }

            if (rows > 0)
            {
                yield return new DeltaBatch(schema, columns, rows);
            }

            if (rows < batchRows)
            {
                yield break;
            }
        }
    }

    private static DeltaType ToDeltaType(string duckType, string column)
    {
        var type = duckType.ToUpperInvariant();
        if (type.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            var parts = type[8..^1].Split(',');
            return new DecimalType(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        return type switch
        {
            "VARCHAR" => PrimitiveType.String,
            "BIGINT" => PrimitiveType.Long,
            "INTEGER" => PrimitiveType.Integer,
            "SMALLINT" => PrimitiveType.Short,
            "TINYINT" => PrimitiveType.Byte,
            "BOOLEAN" => PrimitiveType.Boolean,
            "FLOAT" => PrimitiveType.Float,
            "DOUBLE" => PrimitiveType.Double,
            "DATE" => PrimitiveType.Date,
            "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" => PrimitiveType.Timestamp,
            "BLOB" => PrimitiveType.Binary,
            _ => throw new InvalidOperationException($"Column '{column}' has DuckDB type {duckType}, which has no Delta equivalent here; cast it in the SQL."),
        };
    }

    /// <summary>Creates and fills one column array of a given Delta type.</summary>
    private abstract class Filler
    {
        public abstract Array Create(int length);

        public abstract void Set(Array column, int row, DbDataReader reader, int ordinal);

        public static Filler For(DeltaType type) => type switch
        {
            PrimitiveType { Name: "string" } => new Typed<string?>((r, i) => r.GetString(i)),
            PrimitiveType { Name: "long" } => new Typed<long?>((r, i) => r.GetInt64(i)),
            PrimitiveType { Name: "integer" } => new Typed<int?>((r, i) => r.GetInt32(i)),
            PrimitiveType { Name: "short" } => new Typed<short?>((r, i) => r.GetInt16(i)),
            PrimitiveType { Name: "byte" } => new Typed<sbyte?>((r, i) => r.GetFieldValue<sbyte>(i)),
            PrimitiveType { Name: "boolean" } => new Typed<bool?>((r, i) => r.GetBoolean(i)),
            PrimitiveType { Name: "float" } => new Typed<float?>((r, i) => r.GetFloat(i)),
            PrimitiveType { Name: "double" } => new Typed<double?>((r, i) => r.GetDouble(i)),
            PrimitiveType { Name: "date" } => new Typed<DateOnly?>((r, i) => r.GetFieldValue<DateOnly>(i)),
            PrimitiveType { Name: "timestamp" } => new Typed<DateTimeOffset?>((r, i) => ToUtc(r.GetDateTime(i))),
            PrimitiveType { Name: "binary" } => new Typed<byte[]?>((r, i) => r.GetFieldValue<byte[]>(i)),
            DecimalType { Precision: > 28 } wide => new Typed<DeltaDecimal?>((r, i) => WideDecimal(r, i, wide)),
            DecimalType => new Typed<decimal?>((r, i) => r.GetDecimal(i)),
            _ => throw new InvalidOperationException($"No DuckDB reader for Delta type {type}."),
        };

        // DuckDB.NET hands DECIMAL(29..38) over as System.Decimal, so a value beyond its 28 digits cannot come through.
        private static DeltaDecimal WideDecimal(DbDataReader reader, int ordinal, DecimalType type)
        {
            try
            {
                return DeltaDecimal.FromDecimal(reader.GetDecimal(ordinal), type.Precision, type.Scale);
            }
            catch (OverflowException ex)
            {
                throw new InvalidOperationException(
                    $"Column '{reader.GetName(ordinal)}' ({type}) holds a value beyond 28 significant digits, which DuckDB.NET cannot return; cast it to a narrower decimal or to VARCHAR in the SQL.", ex);
            }
        }

        // The session runs in UTC, so a TIMESTAMP's wall clock is the UTC instant.
        private static DateTimeOffset ToUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

        private sealed class Typed<T> : Filler
        {
            private readonly Func<DbDataReader, int, T> _get;

            public Typed(Func<DbDataReader, int, T> get)
            {
                _get = get;
            }

            public override Array Create(int length) => new T[length];

            public override void Set(Array column, int row, DbDataReader reader, int ordinal) => ((T[])column)[row] = _get(reader, ordinal);
        }
    }
}
