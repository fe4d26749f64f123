using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Tributary.Aws.Delta;
using Tributary.Aws.Storage;
using Tributary.Configuration;
using Tributary.Delta;
using Tributary.Load;
using Tributary.Ports;
using Tributary.Storage;
using Tributary.Streaming;

namespace Tributary.Aws.Composition;

/// <summary>
/// The composition root: builds the object store, record stream, shard checkpoint store, delivery stream and Delta
/// commit stores that <see cref="TributaryOptions"/> selects (<c>Storage:ObjectStore:Transport</c>,
/// <c>Stream:Transport</c>, <c>Deliver:Transport</c>, <c>Aws:CommitStore</c>). Commands and functions take their
/// transports from here and never construct adapters themselves. Owns the clients it creates.
/// </summary>
public sealed class PipelineTransports : IAsyncDisposable
{
    private readonly AwsClientFactory? _aws;
    private readonly IAmazonS3? _s3;
    private readonly Lazy<IAmazonDynamoDB>? _dynamoDb;
    private readonly string _stateFolder;
    private LocalRecordStream? _localStream;

    private PipelineTransports(TributaryOptions options, ILoggerFactory? loggerFactory)
    {
        Options = options;
        _stateFolder = Path.Combine(Path.GetFullPath(options.Storage.DataRoot), DataLayout.State);
        if (TransportSelection.NeedsAws(options))
        {
            _aws = new AwsClientFactory(options.Aws, loggerFactory);
            _dynamoDb = new Lazy<IAmazonDynamoDB>(_aws.CreateDynamoDbClient, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        if (options.Storage.ObjectStore.Transport == ObjectStoreTransport.S3)
        {
            _s3 = _aws!.CreateS3Client();
            ObjectStore = _aws.CreateObjectStore(options.Storage.ObjectStore.Bucket, options.Storage.ObjectStore.Prefix, _s3);
        }
        else
        {
            ObjectStore = new LocalObjectStore(options.Storage.DataRoot);
        }
    }

    /// <summary>The configuration the transports were built from.</summary>
    public TributaryOptions Options { get; }

    /// <summary>The object store holding source, raw, staging, quarantine and final (a local folder or an S3 bucket).</summary>
    public IObjectStore ObjectStore { get; }

    /// <summary>Whether the object store is S3 (final tables then live in the bucket, not under the data root).</summary>
    public bool IsS3 => _s3 is not null;

    /// <summary>Whether the record stream is Kinesis.</summary>
    public bool IsKinesis => TransportSelection.IsKinesis(Options.Stream);

    /// <summary>Whether records go to a real Firehose delivery stream rather than the embedded one.</summary>
    public bool IsFirehose => TransportSelection.IsFirehose(Options.Deliver);

    /// <summary>
    /// Validates the transport selection (<see cref="TransportSelection.Validate"/>) and builds the transports.
    /// Nothing is contacted yet: clients connect on first use.
    /// </summary>
    /// <exception cref="TributaryConfigurationException">A key names a combination that cannot work.</exception>
    public static PipelineTransports Create(TributaryOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TransportSelection.Validate(options);
        return new PipelineTransports(options, loggerFactory);
    }

    /// <summary>One line naming each transport, for progress output and the run summary (never credentials).</summary>
    public string Describe() => TransportSelection.Describe(Options, ObjectStore.Location);

    /// <summary>
    /// The record stream: the embedded log under <c>_state/stream/</c> (opened once and owned by this object) or the
    /// Kinesis stream <c>Stream:Name</c>.
    /// </summary>
    public IRecordStream OpenRecordStream()
    {
        if (IsKinesis)
        {
            return _aws!.CreateRecordStream(Options.Stream.Name);
        }

        return _localStream ??= new LocalRecordStream(Path.Combine(_stateFolder, "stream"), Options.Stream);
    }

    /// <summary>
    /// Where the event-source mapping keeps shard checkpoints: files beside the embedded log, or the DynamoDB table
    /// <c>Aws:CheckpointTableName</c> for Kinesis.
    /// </summary>
    public IShardCheckpointStore OpenCheckpointStore()
    {
        if (IsKinesis)
        {
            return _aws!.CreateShardCheckpointStore();
        }

        var stream = (LocalRecordStream)OpenRecordStream();
        return new LocalShardCheckpointStore(stream.Folder, Options.Stream.FlushToDisk);
    }

    /// <summary>
    /// The delivery stream when it is a real Firehose (<c>Deliver:Transport</c> = <c>firehose</c>); <see langword="null"/>
    /// means the embedded Firehose, which the pipeline builds over <see cref="ObjectStore"/> so staging lands in the
    /// configured store.
    /// </summary>
    public IDeliveryStream? CreateDeliveryStream() =>
        IsFirehose ? _aws!.CreateDeliveryStream(Options.Deliver.StreamName) : null;

    /// <summary>
    /// The commit store for the Delta table whose root is <paramref name="tableKey"/> in <see cref="ObjectStore"/>:
    /// <see langword="null"/> for a local store (create-if-absent on the file system is the default), S3 conditional
    /// writes or the DynamoDB commit table on S3 (<c>Aws:CommitStore</c>).
    /// </summary>
    public ICommitStore? CreateCommitStore(string tableKey)
    {
        ArgumentNullException.ThrowIfNull(tableKey);
        if (!IsS3)
        {
            return null;
        }

        var s3Store = (S3ObjectStore)ObjectStore;
        if (TransportSelection.IsDynamoDbCommitStore(Options.Aws))
        {
            return new DynamoDbCommitStore(
                _dynamoDb!.Value,
                Options.Aws.CommitTableName,
                CommitTablePath(tableKey),
                s3Store,
                tableKey,
                TimeSpan.FromSeconds(Options.Aws.CommitEntryTtlSeconds));
        }

        return new S3ConditionalWriteCommitStore(s3Store, tableKey);
    }

    /// <summary>
    /// The table root as the DynamoDB commit table's hash key spells it: <c>s3a://bucket/prefix/table</c> (the scheme
    /// from <c>Aws:CommitTablePathScheme</c>), as Spark's S3DynamoDBLogStore writes it for the same table.
    /// </summary>
    public string CommitTablePath(string tableKey)
    {
        var bucket = Options.Storage.ObjectStore.Bucket;
        var key = (Options.Storage.ObjectStore.Prefix + tableKey.Trim('/')).TrimEnd('/');
        return $"{Options.Aws.CommitTablePathScheme}://{bucket}/{key}";
    }

    /// <summary>Where the Delta table whose root is <paramref name="tableKey"/> lives, in <see cref="ObjectStore"/>.</summary>
    public IDeltaStorage OpenTableStorage(string tableKey) => new ObjectStoreDeltaStorage(ObjectStore, tableKey);

    /// <summary>
    /// Options for opening or creating the table at <paramref name="tableKey"/>: those of <paramref name="template"/>
    /// with this configuration's commit store.
    /// </summary>
    public DeltaTableOptions TableOptions(string tableKey, DeltaTableOptions? template = null)
    {
        template ??= new DeltaTableOptions();
        return new DeltaTableOptions
        {
            CommitStore = CreateCommitStore(tableKey) ?? template.CommitStore,
            TimeProvider = template.TimeProvider,
            MaxCommitAttempts = template.MaxCommitAttempts,
            EngineInfo = template.EngineInfo,
        };
    }

    /// <summary>
    /// The load stage over <see cref="ObjectStore"/>: staging and the final tables in the configured store, each
    /// table committed through <see cref="CreateCommitStore"/>.
    /// </summary>
    public LoadStage CreateLoadStage(TimeProvider? time = null) =>
        new(Options.Load, Options.Pipeline, ObjectStore, CreateCommitStore, time);

    /// <summary>Opens a DuckDB query session with the <c>Load</c> section's memory, thread and cache settings.</summary>
    public DeltaQuerySession OpenQuerySession() =>
        DeltaQuerySession.Open(Options.Load.DuckDbMemoryLimit, Options.Load.DuckDbThreads, Options.Load.CacheFolder, Options.Load.MaxCacheMegabytes);

    /// <summary>
    /// Registers the final table <paramref name="name"/> (<c>curated</c>, <c>sales_summary</c>, <c>rejected</c>) of the
    /// configured store in <paramref name="session"/>; returns null, registering nothing, when the table does not exist yet.
    /// </summary>
    public async Task<(DeltaSnapshot Snapshot, int Files)?> TryRegisterFinalTableAsync(
        DeltaQuerySession session,
        string name,
        long? version = null,
        DateTimeOffset? asOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = FinalTables.KeyOf(name, Options.Load) ?? throw new ArgumentException($"'{name}' is not a final table ({string.Join(", ", FinalTables.Names)}).", nameof(name));
        try
        {
            // Opening runs the commit store's recovery once; a separate existence check would run it again.
            return await session.RegisterTableAsync(name, ObjectStore, key, CreateCommitStore(key), version, asOf, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaTableNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Registers every staging batch of the configured store (Parquet or JSON Lines) as view <paramref name="name"/>.</summary>
    public Task<int> RegisterStagingAsync(DeltaQuerySession session, string name = "staging", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.RegisterStagingAsync(name, ObjectStore, Options.Load.StagingPrefix, cancellationToken);
    }

    /// <summary>Opens the final table <paramref name="name"/> of the configured store, with its commit store.</summary>
    /// <exception cref="DeltaTableNotFoundException">The table does not exist yet.</exception>
    public Task<DeltaTable> OpenFinalTableAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = FinalTables.KeyOf(name, Options.Load) ?? throw new ArgumentException($"'{name}' is not a final table ({string.Join(", ", FinalTables.Names)}).", nameof(name));
        return DeltaTable.OpenAsync(OpenTableStorage(key), TableOptions(key), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _localStream?.Dispose();
        _s3?.Dispose();
        if (_dynamoDb is { IsValueCreated: true })
        {
            _dynamoDb.Value.Dispose();
        }

        _aws?.Dispose();
        return ValueTask.CompletedTask;
    }
}
