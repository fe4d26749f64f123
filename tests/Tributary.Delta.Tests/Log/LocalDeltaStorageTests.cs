using System.Text;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Log;

public sealed class LocalDeltaStorageTests
{
    [Fact]
    public async Task Create_new_lets_exactly_one_of_many_racing_writers_win()
    {
        using var dir = new TempDirectory();
        var storage = new LocalDeltaStorage(dir.Path + "/");
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            storage.TryCreateNewAsync("_delta_log/00000000000000000001.json", Encoding.UTF8.GetBytes($"writer {i}\n")))));

        Assert.Single(results, won => won);
        var content = await File.ReadAllTextAsync(dir.Combine("_delta_log", "00000000000000000001.json"));
        Assert.Matches("^writer [0-9]+\n$", content);
        Assert.Single(Directory.GetFiles(dir.Combine("_delta_log")));
    }

    [Fact]
    public async Task Created_files_appear_only_when_the_stream_is_disposed()
    {
        using var dir = new TempDirectory();
        var storage = new LocalDeltaStorage(dir.Path);
        await using (var stream = await storage.CreateAsync("a/b.bin"))
        {
            await stream.WriteAsync(new byte[] { 1, 2, 3 });
            Assert.Null(await storage.GetInfoAsync("a/b.bin"));
            Assert.Empty(await storage.ListAsync("a/").ToListAsync());
        }

        Assert.Equal(3, (await storage.GetInfoAsync("a/b.bin"))!.Size);
    }

    [Fact]
    public async Task An_abandoned_stream_publishes_nothing_and_keeps_the_previous_file()
    {
        using var dir = new TempDirectory();
        var storage = new LocalDeltaStorage(dir.Path);
        await using (var first = await storage.CreateAsync("a/b.bin"))
        {
            await first.WriteAsync(new byte[] { 1 });
        }

        await using (var stream = await storage.CreateAsync("a/b.bin"))
        {
            await stream.WriteAsync(new byte[] { 1, 2, 3 });
            Internal.RenameOnDisposeStream.TryAbandon(stream);
        }

        Assert.Equal(1, (await storage.GetInfoAsync("a/b.bin"))!.Size);
        Assert.Equal(["b.bin"], Directory.GetFiles(dir.Combine("a")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_data_write_that_fails_midway_leaves_no_data_file_behind()
    {
        using var dir = new TempDirectory();
        var schema = new Schema.StructType(new Schema.StructField("id", Schema.PrimitiveType.Long, false), new Schema.StructField("name", Schema.PrimitiveType.String));
        var table = await DeltaTable.CreateAsync(new LocalDeltaStorage(dir.Path), schema);
        var batch = new DeltaBatch(schema, [new long?[] { 1, null }, new[] { "a", "b" }], 2);

        var error = await Assert.ThrowsAsync<DeltaSchemaException>(() => table.AppendAsync(batch));

        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.TopDirectoryOnly));
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task Listing_is_recursive_ordinal_filtered_by_prefix_and_start_after()
    {
        using var dir = new TempDirectory();
        var storage = new LocalDeltaStorage(dir.Path);
        foreach (var path in new[] { "_delta_log/00000000000000000002.json", "_delta_log/00000000000000000001.json", "_delta_log/00000000000000000001.checkpoint.parquet", "x=1/part-0.parquet", "_delta_log/_sidecars/s.parquet" })
        {
            Assert.True(await storage.TryCreateNewAsync(path, new byte[] { 1 }));
        }

        File.WriteAllText(dir.Combine("_delta_log", ".00000000000000000003.json.abc.tmp"), "partial");
        var log = await storage.ListAsync("_delta_log/").Select(f => f.Path).ToListAsync();
        Assert.Equal(["_delta_log/00000000000000000001.checkpoint.parquet", "_delta_log/00000000000000000001.json", "_delta_log/00000000000000000002.json", "_delta_log/_sidecars/s.parquet"], log);
        var after = await storage.ListAsync("_delta_log/", "_delta_log/00000000000000000001.json").Select(f => f.Path).ToListAsync();
        Assert.Equal(["_delta_log/00000000000000000002.json", "_delta_log/_sidecars/s.parquet"], after);
        Assert.Equal(5, (await storage.ListAsync(string.Empty).ToListAsync()).Count);
        Assert.Equal(["x=1/part-0.parquet"], await storage.ListAsync("x=").Select(f => f.Path).ToListAsync());
        await Assert.ThrowsAsync<FileNotFoundException>(() => storage.OpenReadAsync("missing/file"));
        await storage.DeleteAsync("missing/file");
        Assert.Throws<ArgumentException>(() => storage.GetInfoAsync("../outside").GetAwaiter().GetResult());
    }
}
