using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Tributary.Aws.Delta;
using Tributary.Aws.Storage;
using Tributary.Configuration;
using Tributary.Delta;
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
        return new LocalShardCheckpointStore(stream.Folder);
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
