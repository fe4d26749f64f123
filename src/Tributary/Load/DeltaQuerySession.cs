using System.Data.Common;
using Tributary.Delta;
using Tributary.Load.Internal;

namespace Tributary.Load;

/// <summary>
/// An in-memory DuckDB database in which Delta tables (by snapshot) and staging files are registered as views, for
/// <c>tributary query</c>. DuckDB reads the tables' Parquet files directly; only the files of the chosen snapshot
/// are visible.
/// </summary>
public sealed class DeltaQuerySession : IDisposable
{
    private readonly DuckDbSession _session;

    private DeltaQuerySession(DuckDbSession session)
    {
        _session = session;
    }

    /// <summary>Opens an empty session.</summary>
    /// <param name="memoryLimit">DuckDB's memory limit (<c>2GB</c>), or null for DuckDB's default.</param>
    /// <param name="threads">DuckDB threads, 0 for DuckDB's default.</param>
    public static DeltaQuerySession Open(string? memoryLimit = null, int threads = 0) => new(DuckDbSession.Open(memoryLimit, threads));

    /// <summary>
    /// Registers the Delta table in <paramref name="tableFolder"/> as view <paramref name="name"/>, at
    /// <paramref name="version"/>, or at the latest version at or before <paramref name="asOf"/>, or at the latest.
    /// </summary>
    /// <returns>The snapshot registered and the number of data files the view reads.</returns>
    /// <exception cref="DeltaTableNotFoundException">No Delta table is there.</exception>
    public async Task<(DeltaSnapshot Snapshot, int Files)> RegisterTableAsync(
        string name,
        string tableFolder,
        long? version = null,
        DateTimeOffset? asOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableFolder);
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(tableFolder), cancellationToken: cancellationToken).ConfigureAwait(false);
        var snapshot = asOf is { } timestamp
            ? await table.GetSnapshotAsOfAsync(timestamp, cancellationToken).ConfigureAwait(false)
            : await table.GetSnapshotAsync(version, cancellationToken).ConfigureAwait(false);
        var files = DeltaDuckDbView.Register(_session, name, snapshot, tableFolder);
        return (snapshot, files);
    }

    /// <summary>Registers every staging Parquet file under <paramref name="stagingFolder"/> as view <paramref name="name"/> (columns unioned by name).</summary>
    /// <returns>The number of staging files.</returns>
    public int RegisterStaging(string name, string stagingFolder)
    {
        var paths = StagingCatalog.ListLocal(stagingFolder, string.Empty).Select(b => b.Path).ToList();
        var view = Sql.Identifier(name);
        if (paths.Count == 0)
        {
            _session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT NULL::VARCHAR AS _source_file WHERE false");
            return 0;
        }

        _session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM read_parquet({Sql.List(paths)}, union_by_name = true)");
        return paths.Count;
    }

    /// <summary>Runs a query and returns its reader.</summary>
    public DbDataReader Execute(string sql) => _session.Read(sql);

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();
}
