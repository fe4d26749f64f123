using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Log;

/// <summary>Small builders for log-level tests: a two-column table partitioned by <c>part</c>, and fake adds.</summary>
internal static class TestTables
{
    public static readonly StructType Schema = new(
        new StructField("id", PrimitiveType.Long),
        new StructField("part", PrimitiveType.String));

    public static Task<DeltaTable> CreateAsync(string path, IReadOnlyDictionary<string, string>? configuration = null, DeltaTableOptions? options = null) =>
        DeltaTable.CreateAsync(new LocalDeltaStorage(path), Schema, ["part"], configuration, options);

    public static AddFile Add(string name, string? part = "a", long size = 100) =>
        new($"part={part ?? "__HIVE_DEFAULT_PARTITION__"}/{name}.parquet", new Dictionary<string, string?> { ["part"] = part }, size, 1_700_000_000_000, true,
            "{\"numRecords\":1,\"minValues\":{\"id\":1},\"maxValues\":{\"id\":1},\"nullCount\":{\"id\":0}}");

    public static RemoveFile RemoveOf(AddFile add, long deletionTimestamp = 1_700_000_000_000) =>
        new(add.Path, deletionTimestamp, true, true, add.PartitionValues, add.Size);

    public static async Task<DeltaCommitResult> AppendAsync(DeltaTable table, params AddFile[] files)
    {
        var transaction = await table.BeginTransactionAsync();
        foreach (var file in files)
        {
            transaction.Add(file);
        }

        return await transaction.CommitAsync("WRITE", new Dictionary<string, object?> { ["mode"] = "Append" });
    }
}
