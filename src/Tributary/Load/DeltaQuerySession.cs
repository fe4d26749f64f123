using System.Data.Common;
using Tributary.Delta;
using Tributary.Load.Internal;
using Tributary.Ports;
using Tributary.Storage;

namespace Tributary.Load;

/// <summary>
/// An in-memory DuckDB database in which Delta tables (by snapshot) and staging files are registered as views, for
/// <c>tributary query</c>. DuckDB reads the tables' Parquet files directly; only the files of the chosen snapshot
/// are visible. Tables and staging in a store that is not a local folder are copied into a local cache first
/// (deleted when the session is disposed). A session scoped to one query (<see cref="ScopeTo"/>) reads and copies
/// only the partitions that query can match.
/// </summary>
public sealed class DeltaQuerySession : IDisposable
{
    private readonly DuckDbSession _session;
    private readonly LocalFileCache _cache;
    private string? _scope;

    private DeltaQuerySession(DuckDbSession session, LocalFileCache cache)
    {
        _session = session;
        _cache = cache;
    }

    /// <summary>Opens an empty session.</summary>
    /// <param name="memoryLimit">DuckDB's memory limit (<c>2GB</c>), or null for DuckDB's default.</param>
    /// <param name="threads">DuckDB threads, 0 for DuckDB's default.</param>
    /// <param name="cacheFolder">Where copies of remote objects go (null: the temp folder).</param>
    /// <param name="maxCacheMegabytes">The most the session may copy, in megabytes.</param>
    public static DeltaQuerySession Open(string? memoryLimit = null, int threads = 0, string? cacheFolder = null, int maxCacheMegabytes = 4096)
    {
        var cache = new LocalFileCache(cacheFolder, (long)maxCacheMegabytes << 20);
        try
        {
            return new(DuckDbSession.Open(memoryLimit, threads, cache.FolderOf("duckdb-temp")), cache);
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Registers the Delta table in <paramref name="tableFolder"/> as view <paramref name="name"/>, at
    /// <paramref name="version"/>, or at the latest version at or before <paramref name="asOf"/>, or at the latest.
    /// </summary>
    /// <returns>The snapshot registered and the number of data files the view reads (fewer than the snapshot's when the session is <see cref="ScopeTo">scoped</see> to a query with a partition filter).</returns>
    /// <exception cref="DeltaTableNotFoundException">No Delta table is there.</exception>
    public Task<(DeltaSnapshot Snapshot, int Files)> RegisterTableAsync(
        string name,
        string tableFolder,
        long? version = null,
        DateTimeOffset? asOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableFolder);
        return RegisterTableAsync(name, new LocalDeltaStorage(tableFolder), null, version, asOf, cancellationToken);
    }

    /// <summary>
    /// Registers the Delta table at key <paramref name="tableKey"/> of <paramref name="store"/> as view
    /// <paramref name="name"/> (see <see cref="RegisterTableAsync(string, string, long?, DateTimeOffset?, CancellationToken)"/>).
    /// </summary>
    /// <param name="name">The view's name.</param>
    /// <param name="store">The object store holding the table.</param>
    /// <param name="tableKey">The table root's key (<c>final/curated</c>).</param>
    /// <param name="commitStore">The table's commit store (it finishes commits a crashed writer left); null for put-if-absent on the store.</param>
    /// <param name="version">The version to read, or null.</param>
    /// <param name="asOf">The time to read the table as of, or null.</param>
    /// <param name="cancellationToken">Cancels the registration.</param>
    public Task<(DeltaSnapshot Snapshot, int Files)> RegisterTableAsync(
        string name,
        IObjectStore store,
        string tableKey,
        ICommitStore? commitStore = null,
        long? version = null,
        DateTimeOffset? asOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tableKey);
        var tables = new TableStore(store, _ => commitStore, TimeProvider.System, "Tributary.Query/0.1");
        return RegisterTableAsync(name, tables.StorageOf(tableKey), commitStore, version, asOf, cancellationToken);
    }

    /// <summary>Registers every staging file under <paramref name="stagingFolder"/> as view <paramref name="name"/> (columns unioned by name).</summary>
    /// <returns>The number of staging files.</returns>
    public int RegisterStaging(string name, string stagingFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stagingFolder);
        if (!Directory.Exists(stagingFolder))
        {
            _session.Execute($"CREATE OR REPLACE TEMP VIEW {Sql.Identifier(name)} AS SELECT NULL::VARCHAR AS _source_file WHERE false");
            return 0;
        }

        return RegisterStagingAsync(name, new LocalObjectStore(stagingFolder), string.Empty).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Registers every staging batch under <paramref name="prefix"/> of <paramref name="store"/> (Parquet and JSON
    /// Lines alike) as view <paramref name="name"/>, columns unioned by name.
    /// </summary>
    /// <returns>The number of staging files.</returns>
    public async Task<int> RegisterStagingAsync(string name, IObjectStore store, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prefix);
        var tables = new TableStore(store, null, TimeProvider.System, "Tributary.Query/0.1");
        var batches = await StagingCatalog.ListAsync(tables, prefix, cancellationToken).ConfigureAwait(false);
        var view = Sql.Identifier(name);
        if (batches.Count == 0)
        {
            _session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT NULL::VARCHAR AS _source_file WHERE false");
            return 0;
        }

        var local = await StagingCatalog.MaterializeAsync(tables, batches, _cache, cancellationToken).ConfigureAwait(false);
        _session.Execute($"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * EXCLUDE (__staging_path) FROM {StagingSource.Build(_session, local)}");
        return batches.Count;
    }

    /// <summary>
    /// Declares the one query this session will run, before its tables are registered. Each Delta table registered
    /// afterwards reads (and, from a store that is not local, copies) only the files whose partition values the
    /// query's WHERE clauses can match, as DuckDB parses it: the conjuncts that name only partition columns of the
    /// view, in the WHERE of each SELECT that reads it and in the ON of the inner joins around it. When some read of the
    /// view is not bounded that way (no such conjunct, an outer join, a statement other than SELECT), every file is
    /// read. <see cref="Execute"/> then runs only this query (with or without <c>EXPLAIN [ANALYZE]</c>), since the
    /// views hold no more than it needs.
    /// </summary>
    /// <param name="sql">The query, as it will be passed to <see cref="Execute"/>; <c>EXPLAIN [ANALYZE]</c> is looked through.</param>
    public void ScopeTo(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        _scope = sql;
    }

    /// <summary>Runs a query and returns its reader.</summary>
    /// <exception cref="InvalidOperationException">The session is scoped to another query (<see cref="ScopeTo"/>).</exception>
    public DbDataReader Execute(string sql)
    {
        if (_scope is not null && !string.Equals(QueryPartitionScope.WithoutExplain(sql), QueryPartitionScope.WithoutExplain(_scope), StringComparison.Ordinal))
        {
            throw new InvalidOperationException("This query session was scoped to another query: its views hold only the partitions that query reads.");
        }

        return _session.Read(sql);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _cache.Dispose();
    }

    private async Task<(DeltaSnapshot Snapshot, int Files)> RegisterTableAsync(
        string name, IDeltaStorage storage, ICommitStore? commitStore, long? version, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var table = await DeltaTable.OpenAsync(storage, new DeltaTableOptions { CommitStore = commitStore }, cancellationToken).ConfigureAwait(false);
        var snapshot = asOf is { } timestamp
            ? await table.GetSnapshotAsOfAsync(timestamp, cancellationToken).ConfigureAwait(false)
            : await table.GetSnapshotAsync(version, cancellationToken).ConfigureAwait(false);
        var files = await DeltaDuckDbView.RegisterAsync(_session, name, snapshot, storage, _cache, null, _scope, cancellationToken).ConfigureAwait(false);
        return (snapshot, files);
    }
}
