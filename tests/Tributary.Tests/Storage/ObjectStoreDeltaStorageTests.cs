using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Storage;
using Tributary.Tests.Load;
using Tributary.TestSupport;

namespace Tributary.Tests.Storage;

public sealed class ObjectStoreDeltaStorageTests
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long), new StructField("region", PrimitiveType.String)]);

    [Fact]
    public async Task A_write_that_fails_mid_file_leaves_no_object_and_no_commit()
    {
        using var root = new TempDirectory();
        var store = new OpaqueObjectStore(root.Path);
        var table = await DeltaTable.CreateAsync(new ObjectStoreDeltaStorage(store, "table"), Schema, ["region"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.AppendAsync(FailAfterFirstBatch(), new DeltaWriteOptions { RowGroupRows = 1000 }));

        Assert.Equal("the source failed", error.Message);
        var keys = new List<string>();
        await foreach (var item in store.ListAsync("table/"))
        {
            keys.Add(item.Key);
        }

        Assert.Equal(["table/_delta_log/00000000000000000000.json"], keys);
        // Not even a temp file is left behind.
        Assert.Equal(
            [Path.Combine(root.Path, "table", "_delta_log", "00000000000000000000.json")],
            Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task An_abandoned_write_keeps_what_was_at_the_key()
    {
        using var root = new TempDirectory();
        var store = new LocalObjectStore(root.Path);
        var storage = new ObjectStoreDeltaStorage(store, "table");
        await store.PutAsync("table/data.parquet", "old"u8.ToArray());

        await using (var stream = await storage.CreateAsync("data.parquet"))
        {
            await stream.WriteAsync("partial new content"u8.ToArray());
            Assert.IsAssignableFrom<IAbandonableStream>(stream).Abandon();
        }

        Assert.Equal("old", await File.ReadAllTextAsync(Path.Combine(root.Path, "table", "data.parquet")));
        Assert.Single(Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories));
    }

    private static async IAsyncEnumerable<DeltaBatch> FailAfterFirstBatch()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => (long?)i).ToArray();
        // Ten row groups of the data file are written before the source fails.
        yield return new DeltaBatch(Schema, [ids, ids.Select(_ => "Europe").ToArray()], ids.Length);
        await Task.Yield();
        throw new InvalidOperationException("the source failed");
    }
}
