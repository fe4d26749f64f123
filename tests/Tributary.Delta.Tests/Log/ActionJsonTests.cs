using System.Text;
using System.Text.Json;
using Tributary.Delta.Actions;
using Tributary.Delta.Internal;

namespace Tributary.Delta.Tests.Log;

public sealed class ActionJsonTests
{
    [Fact]
    public void Every_action_round_trips_through_the_writer_and_reader()
    {
        var writer = new ActionJsonWriter();
        writer.WriteCommitInfo([new("timestamp", 5L), new("operation", "WRITE")]);
        writer.WriteProtocol(new ProtocolAction(3, 7, [], ["appendOnly", "invariants"]));
        var metadata = new MetadataAction("id-1", "{\"type\":\"struct\",\"fields\":[]}", ["p"], new Dictionary<string, string> { ["delta.appendOnly"] = "true" }, 42, "n", "d");
        writer.WriteMetadata(metadata);
        writer.WriteTransaction(new TransactionAction("app", 9, 100));
        var add = new AddFile("p=a%20b/f.parquet", new Dictionary<string, string?> { ["p"] = null }, 10, 20, true, "{\"numRecords\":1}", new Dictionary<string, string> { ["t"] = "v" });
        writer.WriteAdd(add);
        var remove = new RemoveFile("old.parquet", 30, false, true, new Dictionary<string, string?> { ["p"] = "x" }, 11);
        writer.WriteRemove(remove);

        var actions = new CommitActions();
        ActionJsonReader.Read(writer.ToMemory().Span, "test", actions);

        Assert.Equal(new ProtocolAction(3, 7), actions.Protocol! with { ReaderFeatures = null, WriterFeatures = null });
        Assert.Equal(["appendOnly", "invariants"], actions.Protocol!.WriterFeatures!);
        Assert.Empty(actions.Protocol.ReaderFeatures!);
        Assert.Equal(metadata.Id, actions.Metadata!.Id);
        Assert.Equal(metadata.PartitionColumns, actions.Metadata.PartitionColumns);
        Assert.Equal(metadata.Configuration, actions.Metadata.Configuration);
        Assert.Equal((42L, "n", "d"), (actions.Metadata.CreatedTime!.Value, actions.Metadata.Name!, actions.Metadata.Description!));
        Assert.Equal(new TransactionAction("app", 9, 100), Assert.Single(actions.Transactions));
        var readAdd = Assert.Single(actions.Adds);
        Assert.Equal((add.Path, add.Size, add.ModificationTime, add.DataChange, add.Stats), (readAdd.Path, readAdd.Size, readAdd.ModificationTime, readAdd.DataChange, readAdd.Stats));
        Assert.Null(readAdd.PartitionValues["p"]);
        Assert.Equal("v", readAdd.Tags!["t"]);
        var readRemove = Assert.Single(actions.Removes);
        Assert.Equal((remove.Path, remove.DeletionTimestamp, remove.DataChange, remove.ExtendedFileMetadata, remove.Size), (readRemove.Path, readRemove.DeletionTimestamp, readRemove.DataChange, readRemove.ExtendedFileMetadata, readRemove.Size));
        Assert.Equal(5, actions.CommitInfo!.Value.GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public void Unknown_actions_and_fields_are_ignored()
    {
        var text = """
            {"commitInfo":{"timestamp":1,"anything":{"deep":[1,2,{"x":null}]}}}
            {"someFutureAction":{"a":1,"b":[{"c":2}]}}
            {"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":2,"dataChange":true,"futureField":{"z":[1]},"clusteringProvider":"liquid"}}
            {"cdc":{"path":"_change_data/x","partitionValues":{},"size":1,"dataChange":false}}
            {"domainMetadata":{"domain":"d","configuration":"{}","removed":false}}

            """;
        var actions = new CommitActions();
        ActionJsonReader.Read(Encoding.UTF8.GetBytes(text), "test", actions);
        Assert.Equal("a", Assert.Single(actions.Adds).Path);
        Assert.Empty(actions.Removes);
    }

    [Fact]
    public void Bad_json_names_the_file_and_line()
    {
        var actions = new CommitActions();
        var error = Assert.Throws<DeltaException>(() => ActionJsonReader.Read("{\"add\":{\"path\":\"a\"}}\n{\"add\":{\"path\":}\n"u8, "_delta_log/7.json", actions));
        Assert.Contains("_delta_log/7.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_spark_commit_info_with_every_field_parses()
    {
        var table = await Conformance.LogConformanceTests.Open("golden/deltalog-commit-info");
        var entry = Assert.Single(await table.GetHistoryAsync());
        Assert.Equal("WRITE", entry.Operation);
        Assert.Equal("user_0", entry.Raw.GetProperty("userId").GetString());
        Assert.Equal("foo", entry.Raw.GetProperty("userMetadata").GetString());
        Assert.Equal(JsonValueKind.Object, entry.Raw.GetProperty("operationMetrics").ValueKind);
    }

    [SkippableFact]
    public async Task Boolean_operation_parameters_are_kept()
    {
        var table = await Conformance.LogConformanceTests.Open("golden/commit-info-containing-arbitrary-operationParams-types");
        var history = await table.GetHistoryAsync();
        var optimize = history.First(h => h.Operation == "OPTIMIZE");
        Assert.Equal(JsonValueKind.False, optimize.OperationParameters["auto"].ValueKind);
    }
}
