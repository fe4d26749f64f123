using System.Globalization;
using System.Text.Json;
using Tributary.Delta.Actions;
using Tributary.Delta.Internal;

namespace Tributary.Delta;

/// <summary>
/// One atomic change to a table, built on the snapshot it read. <see cref="CommitAsync"/> writes commitInfo then
/// the actions as the next version; on a lost race it re-reads the winning commits and retries when they do not
/// conflict (blind appends, disjoint partitions), otherwise it throws <see cref="DeltaConcurrencyException"/>.
/// </summary>
public sealed class DeltaTransaction
{
    private readonly DeltaTable _table;
    private readonly List<AddFile> _adds = [];
    private readonly List<RemoveFile> _removes = [];
    private readonly List<Func<IReadOnlyDictionary<string, string?>, bool>> _readPartitions = [];
    private bool _readWholeTable;
    private MetadataAction? _metadata;
    private TransactionAction? _appTransaction;
    private bool _committed;

    internal DeltaTransaction(DeltaTable table, DeltaSnapshot readSnapshot)
    {
        _table = table;
        ReadSnapshot = readSnapshot;
    }

    /// <summary>The snapshot this transaction read; its version + 1 is the first version tried.</summary>
    public DeltaSnapshot ReadSnapshot { get; }

    /// <summary>The files added so far.</summary>
    public IReadOnlyList<AddFile> Adds => _adds;

    /// <summary>The files removed so far.</summary>
    public IReadOnlyList<RemoveFile> Removes => _removes;

    /// <summary>Adds a data file.</summary>
    public void Add(AddFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _adds.Add(file);
    }

    /// <summary>Removes a data file (a tombstone).</summary>
    public void Remove(RemoveFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _removes.Add(file);
    }

    /// <summary>Replaces the table metadata (schema evolution, properties). The table id must stay the same.</summary>
    public void SetMetadata(MetadataAction metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Id != ReadSnapshot.Metadata.Id)
        {
            throw new DeltaSchemaException($"New metadata must keep the table id '{ReadSnapshot.Metadata.Id}', not '{metadata.Id}'.");
        }

        SchemaRules.ValidateTable(DeltaSchemaJson.Parse(metadata.SchemaString), metadata.PartitionColumns);
        _metadata = metadata;
    }

    /// <summary>Records the application transaction (appId, version) in this commit, for exactly-once writes. The
    /// commit is skipped when the table already holds a version ≥ <paramref name="version"/> for the appId.</summary>
    public void SetAppTransaction(string appId, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        _appTransaction = new TransactionAction(appId, version, _table.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>Declares that this transaction read the partitions whose values match <paramref name="partitionFilter"/>:
    /// a concurrent commit that adds or removes files there is a conflict.</summary>
    public void ReadPartitions(Func<IReadOnlyDictionary<string, string?>, bool> partitionFilter)
    {
        ArgumentNullException.ThrowIfNull(partitionFilter);
        _readPartitions.Add(partitionFilter);
    }

    /// <summary>Declares that this transaction read the whole table: any concurrent data change is a conflict.</summary>
    public void ReadWholeTable() => _readWholeTable = true;

    /// <summary>Commits the transaction.</summary>
    /// <param name="operation">The operation recorded in commitInfo (<c>WRITE</c>, <c>MERGE</c>, <c>DELETE</c>, ...).</param>
    /// <param name="operationParameters">Parameters recorded in commitInfo; values are written as strings, as Spark does.</param>
    /// <param name="extraCommitInfo">More commitInfo entries, such as <c>operationMetrics</c>, written as JSON values.</param>
    /// <param name="cancellationToken">Cancels the commit between attempts.</param>
    /// <exception cref="DeltaConcurrencyException">A concurrent commit conflicts, or the attempts ran out.</exception>
    /// <exception cref="DeltaProtocolException">The table needs a writer feature this library does not implement.</exception>
    public async Task<DeltaCommitResult> CommitAsync(
        string operation,
        IReadOnlyDictionary<string, object?>? operationParameters = null,
        IReadOnlyDictionary<string, object?>? extraCommitInfo = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        if (_committed)
        {
            throw new InvalidOperationException("This transaction was already committed.");
        }

        var snapshot = ReadSnapshot;
        var location = _table.Storage.Location;
        var schema = _metadata is null ? snapshot.Schema : DeltaSchemaJson.Parse(_metadata.SchemaString);
        ProtocolSupport.CheckWrite(snapshot.Protocol, schema, location);
        var configuration = (_metadata ?? snapshot.Metadata).Configuration;
        if (TableProperties.AppendOnly(configuration) && _removes.FirstOrDefault(r => r.DataChange) is { } removed)
        {
            throw new DeltaException($"Table '{location}' is append-only (delta.appendOnly=true): cannot remove '{removed.Path}'.");
        }

        if (_appTransaction is { } txn && snapshot.GetAppTransactionVersion(txn.AppId) is { } recorded && recorded >= txn.Version)
        {
            _committed = true;
            return new DeltaCommitResult(snapshot.Version, true,
                $"appId '{txn.AppId}' already committed version {recorded} (≥ {txn.Version}) at or before table version {snapshot.Version}; nothing was written.");
        }

        var conflicts = new ConflictChecker(snapshot.Version, _appTransaction, _removes, _readWholeTable, _readPartitions);
        var version = snapshot.Version + 1;
        var options = _table.Options;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var content = Serialize(operation, operationParameters, extraCommitInfo, conflicts.IsBlindAppend && _metadata is null);
            if (await _table.CommitStore.TryCommitAsync(version, content, cancellationToken).ConfigureAwait(false))
            {
                _committed = true;
                var (checkpoint, checkpointError) = await _table.AfterCommitAsync(version, configuration, cancellationToken).ConfigureAwait(false);
                return new DeltaCommitResult(version, Attempts: attempt, CheckpointWritten: checkpoint, CheckpointError: checkpointError);
            }

            if (attempt >= options.MaxCommitAttempts)
            {
                throw new DeltaConcurrencyException(
                    $"Gave up committing to table '{location}' after {attempt} attempts: version {version} was taken each time.", "TooManyAttempts", version);
            }

            if (_metadata is not null)
            {
                throw new DeltaConcurrencyException(
                    $"Version {version} of table '{location}' was written by another writer while this transaction changed the metadata; re-read the table and retry.",
                    "MetadataChanged", version);
            }

            var skip = await conflicts.CheckWinnersAsync(_table, version, cancellationToken).ConfigureAwait(false);
            if (skip is not null)
            {
                _committed = true;
                return new DeltaCommitResult(conflicts.LatestSeen, true, skip, attempt);
            }

            version = conflicts.LatestSeen + 1;
            await Task.Delay(Backoff.Delay(attempt), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private ReadOnlyMemory<byte> Serialize(
        string operation,
        IReadOnlyDictionary<string, object?>? operationParameters,
        IReadOnlyDictionary<string, object?>? extraCommitInfo,
        bool isBlindAppend)
    {
        var info = new List<KeyValuePair<string, object?>>
        {
            new("timestamp", _table.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
            new("operation", operation),
            new("operationParameters", (operationParameters ?? new Dictionary<string, object?>()).ToDictionary(p => p.Key, p => (object?)ParameterText(p.Value))),
            new("readVersion", ReadSnapshot.Version),
            new("isolationLevel", "Serializable"),
            new("isBlindAppend", isBlindAppend),
            new("engineInfo", _table.Options.EngineInfo),
            new("txnId", Guid.NewGuid().ToString()),
        };
        foreach (var (key, value) in extraCommitInfo ?? new Dictionary<string, object?>())
        {
            var index = info.FindIndex(e => e.Key == key);
            if (index >= 0)
            {
                info[index] = new(key, value);
            }
            else
            {
                info.Add(new(key, value));
            }
        }

        var writer = new ActionJsonWriter();
        writer.WriteCommitInfo(info);
        if (_metadata is not null)
        {
            writer.WriteMetadata(_metadata);
        }

        if (_appTransaction is not null)
        {
            writer.WriteTransaction(_appTransaction);
        }

        foreach (var remove in _removes)
        {
            writer.WriteRemove(remove);
        }

        foreach (var add in _adds)
        {
            writer.WriteAdd(add);
        }

        return writer.ToMemory();
    }

    // Spark writes operation parameters as strings; lists and maps become their JSON text.
    private static string? ParameterText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        IFormattable f and not DateTimeOffset and not DateTime => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value),
    };
}
