using System.Data.Common;
using DuckDB.NET.Data;

namespace Tributary.Load.Internal;

/// <summary>An in-memory DuckDB database for one load or query, in UTC.</summary>
internal sealed class DuckDbSession : IDisposable
{
    private DuckDbSession(DuckDBConnection connection)
    {
        Connection = connection;
    }

    public DuckDBConnection Connection { get; }

    /// <param name="memoryLimit">DuckDB's memory limit, or null for its default.</param>
    /// <param name="threads">Worker threads, 0 for DuckDB's default.</param>
    /// <param name="spillFolder">
    /// Where DuckDB spills past its memory limit. Without one an in-memory database spills into <c>.tmp</c> of the
    /// working folder, which is the user's, not ours: every session of the product passes one.
    /// </param>
    public static DuckDbSession Open(string? memoryLimit = null, int threads = 0, string? spillFolder = null)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var session = new DuckDbSession(connection);
        try
        {
            // Staging and Delta timestamps are UTC instants; the session zone makes casts between TIMESTAMP and
            // TIMESTAMPTZ keep the wall-clock UTC value.
            session.Execute("SET TimeZone = 'UTC'");
            if (!string.IsNullOrWhiteSpace(memoryLimit))
            {
                session.Execute($"SET memory_limit = {Sql.Literal(memoryLimit)}");
            }

            // Set before anything runs: DuckDB fixes its spill folder the first time it spills.
            if (spillFolder is not null)
            {
                session.Execute($"SET temp_directory = {Sql.Literal(spillFolder)}");
            }

            if (threads > 0)
            {
                session.Execute($"SET threads = {threads}");
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return session;
    }

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public DbDataReader Read(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteReader();
    }

    /// <summary>The column names of a query's result, without running it to completion.</summary>
    public IReadOnlyList<string> ColumnsOf(string sql)
    {
        using var reader = Read($"SELECT * FROM ({sql}) LIMIT 0");
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    public void Dispose() => Connection.Dispose();
}
