using Tributary.Aws.Composition;
using Tributary.Aws.Delta;
using Tributary.Configuration;
using Tributary.Storage;
using Tributary.Streaming;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Composition;

public sealed class TransportSelectionTests
{
    private static TributaryOptions Options(string dataRoot, Action<TributaryOptions> change)
    {
        var options = new TributaryOptions { Storage = new StorageOptions { DataRoot = dataRoot } };
        change(options);
        return options;
    }

    [Fact]
    public void BadCombinations_FailAtStartUp_NamingEachKey()
    {
        using var folder = new TempDirectory("transports");
        var options = Options(folder.Path, o =>
        {
            o.Stream.Transport = "kafka";
            o.Deliver.Transport = "firehose";
            o.Aws.CommitStore = "Zookeeper";
            o.Storage.ObjectStore.Transport = ObjectStoreTransport.Local;
        });

        var error = Assert.Throws<TributaryConfigurationException>(() => PipelineTransports.Create(options));

        Assert.Contains("'Stream:Transport': 'kafka' is not allowed; allowed values: local, kinesis", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Deliver:Transport': firehose delivers staging objects to S3, so it needs Storage:ObjectStore:Transport = s3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Aws:CommitStore': 'Zookeeper' is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3WithoutBucket_AndABadEndpoint_FailNamingTheKeys()
    {
        using var folder = new TempDirectory("transports");
        var options = Options(folder.Path, o =>
        {
            o.Storage.ObjectStore.Transport = ObjectStoreTransport.S3;
            o.Stream.Transport = "kinesis";
            o.Aws.KinesisEndpointUrl = "localhost:4567";
        });

        var error = Assert.Throws<TributaryConfigurationException>(() => PipelineTransports.Create(options));

        Assert.Contains("'Storage:ObjectStore:Bucket': is required when Storage:ObjectStore:Transport is s3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Aws:KinesisEndpointUrl'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'localhost:4567' is not an absolute http or https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysFromAFile_AreCheckedWhenTheConfigurationLoads()
    {
        using var folder = new TempDirectory("transports");
        var path = folder.Combine("tributary.json");
        File.WriteAllText(path, """{ "Stream": { "Transport": "kafka" }, "Deliver": { "Transport": "sqs" }, "Aws": { "CommitTablePathScheme": "gs" } }""");

        var error = Assert.Throws<TributaryConfigurationException>(() => TributaryConfigurationLoader.Load(path, folder.Path));

        Assert.Contains("Stream:Transport", error.Message, StringComparison.Ordinal);
        Assert.Contains("Deliver:Transport", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aws:CommitTablePathScheme", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalSelection_BuildsTheEmbeddedTransports()
    {
        using var folder = new TempDirectory("transports");
        await using var transports = PipelineTransports.Create(Options(folder.Path, _ => { }));

        Assert.IsType<LocalObjectStore>(transports.ObjectStore);
        Assert.IsType<LocalRecordStream>(transports.OpenRecordStream());
        Assert.IsType<LocalShardCheckpointStore>(transports.OpenCheckpointStore());
        Assert.Null(transports.CreateDeliveryStream());
        Assert.Null(transports.CreateCommitStore("final/curated"));
        Assert.StartsWith($"store {folder.Path}; embedded stream 'tributary'; delivery embedded Firehose; Delta commits file system", transports.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3Selection_PicksTheCommitStoreAndSpellsTheTablePathForSpark()
    {
        using var folder = new TempDirectory("transports");
        var options = Options(folder.Path, o =>
        {
            o.Storage.ObjectStore = new ObjectStoreOptions { Transport = ObjectStoreTransport.S3, Bucket = "lake", Prefix = "retail/" };
            o.Aws.Region = "eu-west-1";
        });
        await using (var conditional = PipelineTransports.Create(options))
        {
            Assert.IsType<S3ConditionalWriteCommitStore>(conditional.CreateCommitStore("final/curated"));
            Assert.Equal("s3://lake/retail/", conditional.ObjectStore.Location);
        }

        options.Aws.CommitStore = "DynamoDb";
        options.Aws.CommitTableName = "delta_log";
        await using var dynamo = PipelineTransports.Create(options);
        var store = Assert.IsType<DynamoDbCommitStore>(dynamo.CreateCommitStore("final/curated"));
        Assert.Equal("s3a://lake/retail/final/curated", store.TablePath);
        Assert.Equal("delta_log", store.TableName);
        Assert.Contains("Delta commits DynamoDB 'delta_log'", dynamo.Describe(), StringComparison.Ordinal);
    }
}
