using Tributary.Delta.Actions;
using Tributary.Delta.Internal;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>
/// The state of a table at one version: protocol, metadata, live files, tombstones and app transactions,
/// reconstructed from the newest checkpoint at or before the version plus the commits after it.
/// </summary>
public sealed partial class DeltaSnapshot
{
    private readonly IReadOnlyDictionary<string, TransactionAction> _transactions;

    internal DeltaSnapshot(IDeltaStorage storage, long version, DateTimeOffset timestamp, ReplayState state)
    {
        Storage = storage;
        Version = version;
        Timestamp = timestamp;
        Protocol = state.Protocol!;
        Metadata = state.Metadata!;
        Schema = DeltaSchemaJson.Parse(Metadata.SchemaString);
        Files = [.. state.Files.Values];
        Tombstones = [.. state.Tombstones.Values];
        _transactions = state.Transactions;
        Domains = state.Domains;
    }

    /// <summary>The table version this snapshot shows.</summary>
    public long Version { get; }

    /// <summary>The commit time of <see cref="Version"/>: its commit file's modification time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The table's storage.</summary>
    public IDeltaStorage Storage { get; }

    /// <summary>The protocol in force at this version.</summary>
    public ProtocolAction Protocol { get; }

    /// <summary>The metadata in force at this version.</summary>
    public MetadataAction Metadata { get; }

    /// <summary>The table schema, parsed from <see cref="MetadataAction.SchemaString"/>.</summary>
    public StructType Schema { get; }

    /// <summary>Partition columns, outermost directory first.</summary>
    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>Table properties.</summary>
    public IReadOnlyDictionary<string, string> Configuration => Metadata.Configuration;

    /// <summary>The live data files (the <c>add</c> actions that no later <c>remove</c> cancelled).</summary>
    public IReadOnlyList<AddFile> Files { get; }

    /// <summary>The <c>remove</c> tombstones still recorded at this version (a checkpoint drops expired ones).</summary>
    public IReadOnlyList<RemoveFile> Tombstones { get; }

    /// <summary>
    /// The latest recorded version of every application transaction, by appId. With
    /// <c>delta.setTransactionRetentionDuration</c> set, those last updated longer ago than that are expired and left out.
    /// </summary>
    public IReadOnlyDictionary<string, TransactionAction> AppTransactions => _transactions;

    /// <summary>The number of commits between checkpoints (<c>delta.checkpointInterval</c>, default 10).</summary>
    public int CheckpointInterval => TableProperties.CheckpointInterval(Configuration);

    /// <summary>Whether the table refuses removals of data (<c>delta.appendOnly</c>).</summary>
    public bool IsAppendOnly => TableProperties.AppendOnly(Configuration);

    internal IReadOnlyDictionary<string, DomainMetadata> Domains { get; }

    /// <summary>The latest version committed by <paramref name="appId"/>, or <see langword="null"/> if it never committed.</summary>
    public long? GetAppTransactionVersion(string appId) =>
        _transactions.TryGetValue(appId, out var transaction) ? transaction.Version : null;

    /// <summary>The storage path (relative to the table root) of a file named in the log: its URI-decoded path.</summary>
    public static string GetStoragePath(AddFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return DeltaPaths.Decode(file.Path);
    }
}
