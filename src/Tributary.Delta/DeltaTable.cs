using System.Text.Json;
using Tributary.Delta.Actions;
using Tributary.Delta.Internal;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>
/// A Delta Lake table: opens and creates tables, loads snapshots (latest, by version or by time), lists history,
/// begins transactions, writes checkpoints and cleans up the log. Data operations live in other partial files.
/// </summary>
public sealed partial class DeltaTable
{
    private DeltaTable(IDeltaStorage storage, DeltaTableOptions options)
    {
        Storage = storage;
        Options = options;
        CommitStore = options.CommitStore ?? new StorageCommitStore(storage);
    }

    /// <summary>The table's files.</summary>
    public IDeltaStorage Storage { get; }

    /// <summary>How the table commits.</summary>
    public DeltaTableOptions Options { get; }

    internal ICommitStore CommitStore { get; }

    /// <summary>
    /// Whether a Delta table exists in <paramref name="storage"/> (its log has a commit or a checkpoint). This looks at
    /// the storage only: a table whose commits go through an external commit store is better asked with
    /// <see cref="ExistsAsync(IDeltaStorage, DeltaTableOptions?, CancellationToken)"/>.
    /// </summary>
    public static async Task<bool> ExistsAsync(IDeltaStorage storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        // A valid checkpoint pointer saves listing (and stat'ing) a long log.
        if (await LastCheckpoint.TryReadVersionAsync(storage, cancellationToken).ConfigureAwait(false) is { } hint
            && !(await LogListing.ListAsync(storage, hint, cancellationToken).ConfigureAwait(false)).IsEmpty)
        {
            return true;
        }

        var listing = await LogListing.ListAsync(storage, null, cancellationToken).ConfigureAwait(false);
        return !listing.IsEmpty;
    }

    /// <summary>
    /// Whether a Delta table exists in <paramref name="storage"/>, after the commit store of <paramref name="options"/>
    /// has finished any commit a crashed writer left decided but unpublished. With an external commit store (DynamoDB)
    /// a crash during a table's first commit leaves no <c>_delta_log</c> file yet; only this overload sees that table.
    /// </summary>
    public static async Task<bool> ExistsAsync(IDeltaStorage storage, DeltaTableOptions? options, CancellationToken cancellationToken = default) =>
        await TryOpenAsync(storage, options, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Opens the table in <paramref name="storage"/>, or returns <see langword="null"/> when there is none. Like
    /// <see cref="OpenAsync"/>, it first lets the commit store finish a commit a crashed writer left, so a table whose
    /// first commit was decided but not yet published is found, not taken for absent.
    /// </summary>
    public static async Task<DeltaTable?> TryOpenAsync(IDeltaStorage storage, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var table = new DeltaTable(storage, options ?? new DeltaTableOptions());
        await table.CommitStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        return await ExistsAsync(storage, cancellationToken).ConfigureAwait(false) ? table : null;
    }

    /// <summary>Opens an existing table.</summary>
    /// <exception cref="DeltaTableNotFoundException">The storage holds no Delta table.</exception>
    public static async Task<DeltaTable> OpenAsync(IDeltaStorage storage, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var table = new DeltaTable(storage, options ?? new DeltaTableOptions());
        await table.CommitStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(storage, cancellationToken).ConfigureAwait(false))
        {
            throw new DeltaTableNotFoundException(storage.Location);
        }

        return table;
    }

    /// <summary>
    /// Creates a table: version 0 with commitInfo, protocol (reader 1, writer 2) and metaData.
    /// </summary>
    /// <exception cref="DeltaSchemaException">The schema or partition columns are invalid.</exception>
    /// <exception cref="DeltaException">A table already exists there.</exception>
    public static async Task<DeltaTable> CreateAsync(
        IDeltaStorage storage,
        StructType schema,
        IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string>? configuration = null,
        DeltaTableOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(schema);
        var table = new DeltaTable(storage, options ?? new DeltaTableOptions());
        partitionColumns ??= [];
        SchemaRules.ValidateTable(schema, partitionColumns);
        await table.CommitStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        if (await ExistsAsync(storage, cancellationToken).ConfigureAwait(false))
        {
            throw new DeltaException($"A Delta table already exists at '{storage.Location}'.");
        }

        var now = table.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var metadata = new MetadataAction(
            Guid.NewGuid().ToString(),
            DeltaSchemaJson.Serialize(schema),
            [.. partitionColumns],
            new Dictionary<string, string>(configuration ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            now,
            FormatOptions: new Dictionary<string, string>());
        ProtocolSupport.CheckWrite(ProtocolSupport.Default, schema, storage.Location);

        var writer = new ActionJsonWriter();
        writer.WriteCommitInfo(
        [
            new("timestamp", now),
            new("operation", "CREATE TABLE"),
            new("operationParameters", new Dictionary<string, object?>
            {
                ["partitionBy"] = JsonSerializer.Serialize(partitionColumns),
                ["properties"] = JsonSerializer.Serialize(metadata.Configuration),
            }),
            new("isolationLevel", "Serializable"),
            new("isBlindAppend", true),
            new("engineInfo", table.Options.EngineInfo),
            new("txnId", Guid.NewGuid().ToString()),
        ]);
        writer.WriteProtocol(ProtocolSupport.Default);
        writer.WriteMetadata(metadata);
        if (!await table.CommitStore.TryCommitAsync(0, writer.ToMemory(), cancellationToken).ConfigureAwait(false))
        {
            throw new DeltaConcurrencyException($"Another writer created the table at '{storage.Location}' at the same time.", "ConcurrentCreate", 0);
        }

        return table;
    }

    /// <summary>Loads the table at <paramref name="version"/>, or the latest version when null.</summary>
    /// <exception cref="DeltaException">The version does not exist or cannot be recreated from the log.</exception>
    /// <exception cref="DeltaProtocolException">The table needs a reader feature this library does not implement.</exception>
    public Task<DeltaSnapshot> GetSnapshotAsync(long? version = null, CancellationToken cancellationToken = default) =>
        SnapshotLoader.LoadAsync(Storage, CommitStore, version, Options.TimeProvider, cancellationToken);

    /// <summary>
    /// Loads the latest version committed at or before <paramref name="timestamp"/>, using commit file modification
    /// times made strictly increasing in version order.
    /// </summary>
    /// <exception cref="DeltaException">The time is before the earliest or after the latest commit.</exception>
    public async Task<DeltaSnapshot> GetSnapshotAsOfAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        var commits = await CommitTimestampsAsync(cancellationToken).ConfigureAwait(false);
        var requested = timestamp.ToUnixTimeMilliseconds();
        if (requested < commits[0].Millis)
        {
            throw new DeltaException(
                $"The requested timestamp {timestamp:O} is before the earliest available version {commits[0].Version} ({DateTimeOffset.FromUnixTimeMilliseconds(commits[0].Millis):O}) of table '{Storage.Location}'.");
        }

        if (requested > commits[^1].Millis)
        {
            throw new DeltaException(
                $"The requested timestamp {timestamp:O} is after the latest available version {commits[^1].Version} ({DateTimeOffset.FromUnixTimeMilliseconds(commits[^1].Millis):O}) of table '{Storage.Location}'.");
        }

        var found = commits[0].Version;
        foreach (var (version, millis) in commits)
        {
            if (millis > requested)
            {
                break;
            }

            found = version;
        }

        return await GetSnapshotAsync(found, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The commitInfo of each version, newest first; at most <paramref name="limit"/> entries.</summary>
    public async Task<IReadOnlyList<DeltaCommitInfo>> GetHistoryAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        var commits = await CommitTimestampsAsync(cancellationToken).ConfigureAwait(false);
        var chosen = commits.AsEnumerable().Reverse().Take(limit ?? int.MaxValue).ToList();
        var files = chosen.Select(c => new DeltaFileInfo(LogPaths.Commit(c.Version), 0, default)).ToList();
        var contents = await SnapshotLoader.ReadAllAsync(Storage, files, cancellationToken).ConfigureAwait(false);
        var history = new List<DeltaCommitInfo>(chosen.Count);
        for (var i = 0; i < chosen.Count; i++)
        {
            var actions = new CommitActions();
            ActionJsonReader.Read(contents[i], files[i].Path, actions);
            history.Add(HistoryEntry.Create(chosen[i].Version, DateTimeOffset.FromUnixTimeMilliseconds(chosen[i].Millis), actions.CommitInfo));
        }

        return history;
    }

    /// <summary>Starts a transaction on the latest snapshot.</summary>
    public async Task<DeltaTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        new(this, await GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false));

    /// <summary>Writes a checkpoint of the latest version and points <c>_last_checkpoint</c> at it.</summary>
    /// <returns>The checkpointed version.</returns>
    public async Task<long> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        await CheckpointWriter.WriteAsync(snapshot, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        return snapshot.Version;
    }

    /// <summary>
    /// Deletes log files older than <c>delta.logRetentionDuration</c> (default 30 days) that time travel no longer
    /// needs: everything before the newest checkpoint at or before the retention cutoff.
    /// </summary>
    /// <returns>The number of files deleted.</returns>
    public Task<int> CleanupLogAsync(CancellationToken cancellationToken = default) =>
        LogCleanup.RunAsync(this, cancellationToken);

    /// <summary>After a successful commit: writes the checkpoint when the version is a multiple of the interval,
    /// then cleans up expired log files. A failure here never undoes the commit, so it is reported, not thrown.</summary>
    internal async Task<(bool Written, string? Error)> AfterCommitAsync(long version, IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        if (version == 0 || version % TableProperties.CheckpointInterval(configuration) != 0)
        {
            return (false, null);
        }

        try
        {
            var snapshot = await GetSnapshotAsync(version, cancellationToken).ConfigureAwait(false);
            await CheckpointWriter.WriteAsync(snapshot, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            await LogCleanup.RunAsync(this, cancellationToken).ConfigureAwait(false);
            return (true, null);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return (false, $"Version {version} was committed, but its checkpoint failed: {error.Message}");
        }
    }

    /// <summary>Commit versions with monotonised timestamps (ms), oldest first.</summary>
    internal async Task<List<(long Version, long Millis)>> CommitTimestampsAsync(CancellationToken cancellationToken)
    {
        await CommitStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        var listing = await LogListing.ListAsync(Storage, null, cancellationToken).ConfigureAwait(false);
        if (listing.Commits.Count == 0)
        {
            throw new DeltaTableNotFoundException(Storage.Location);
        }

        var result = new List<(long Version, long Millis)>(listing.Commits.Count);
        foreach (var (version, file) in listing.Commits)
        {
            var millis = file.LastModified.ToUnixTimeMilliseconds();
            if (result.Count > 0 && millis <= result[^1].Millis)
            {
                millis = result[^1].Millis + 1;
            }

            result.Add((version, millis));
        }

        return result;
    }
}
