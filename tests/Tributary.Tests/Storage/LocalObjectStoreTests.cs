using System.Text;
using Tributary.Storage;
using Tributary.Storage.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Storage;

public sealed class LocalObjectStoreTests
{
    [Fact]
    public async Task Put_get_list_delete_round_trip_in_ordinal_order()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);

        await store.PutAsync("source/b.json", "[]"u8.ToArray());
        await store.PutAsync("source/a/z.json", "{}"u8.ToArray());
        await store.PutAsync("source/B.json", "{}"u8.ToArray());
        await store.PutAsync("raw/x.json", "{}"u8.ToArray());
        File.WriteAllText(Path.Combine(temp.Path, "source", ".c.json.123.tributary-tmp"), "partial");

        var keys = new List<string>();
        await foreach (var item in store.ListAsync("source/"))
        {
            keys.Add(item.Key);
        }

        Assert.Equal(["source/B.json", "source/a/z.json", "source/b.json"], keys);
        var info = await store.GetInfoAsync("source/b.json");
        Assert.NotNull(info);
        Assert.Equal(2, info.Size);
        await using (var stream = await store.OpenReadAsync("source/b.json"))
        {
            using var reader = new StreamReader(stream);
            Assert.Equal("[]", await reader.ReadToEndAsync());
        }

        await store.DeleteAsync("source/b.json");
        await store.DeleteAsync("source/never.json");
        Assert.Null(await store.GetInfoAsync("source/b.json"));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("nope/none.json"));
    }

    [Fact]
    public async Task Try_put_new_lets_exactly_one_writer_win()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => store.TryPutNewAsync("_delta_log/00000000000000000001.json", Encoding.UTF8.GetBytes($"writer {i}")))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, "_delta_log")));
    }

    [Fact]
    public async Task Created_object_appears_only_when_disposed()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);

        var stream = await store.CreateAsync("staging/a.parquet");
        await stream.WriteAsync(new byte[1000]);
        Assert.Null(await store.GetInfoAsync("staging/a.parquet"));
        await stream.DisposeAsync();

        Assert.Equal(1000, (await store.GetInfoAsync("staging/a.parquet"))!.Size);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/abs")]
    [InlineData("a/../../b")]
    [InlineData("a\0b")]
    public async Task Keys_cannot_leave_the_root(string key)
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, "x"u8.ToArray()));
    }

    [Fact]
    public async Task Delta_storage_maps_paths_under_a_prefix()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        var storage = new ObjectStoreDeltaStorage(store, "final/curated");

        Assert.True(await storage.TryCreateNewAsync("_delta_log/00000000000000000000.json", "{}"u8.ToArray()));
        Assert.False(await storage.TryCreateNewAsync("_delta_log/00000000000000000000.json", "{}"u8.ToArray()));
        Assert.True(await storage.TryCreateNewAsync("_delta_log/00000000000000000001.json", "{}"u8.ToArray()));
        await using (var s = await storage.CreateAsync("part-0.parquet"))
        {
            s.WriteByte(1);
        }

        var paths = new List<string>();
        await foreach (var f in storage.ListAsync("_delta_log/", startAfter: "_delta_log/00000000000000000000.json"))
        {
            paths.Add(f.Path);
        }

        Assert.Equal(["_delta_log/00000000000000000001.json"], paths);
        Assert.True(File.Exists(Path.Combine(temp.Path, "final", "curated", "part-0.parquet")));
        Assert.Equal(1, (await storage.GetInfoAsync("part-0.parquet"))!.Size);
    }

    [Fact]
    public async Task A_folder_removed_after_a_write_is_created_again_by_the_next_one()
    {
        // The store remembers the folders it has written into; one deleted behind its back must not fail the writes.
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        await store.PutAsync("raw/Region=North/a.jsonl", "{\"a\":1}\n"u8.ToArray());
        await using (var created = await store.CreateAsync("staging/2026/a.parquet"))
        {
            created.WriteByte(7);
        }

        Directory.Delete(Path.Combine(temp.Path, "raw"), recursive: true);
        Directory.Delete(Path.Combine(temp.Path, "staging"), recursive: true);
        await store.PutAsync("raw/Region=North/b.jsonl", "{\"b\":2}\n"u8.ToArray());
        Assert.True(await store.TryPutNewAsync("raw/Region=North/c.jsonl", "{\"c\":3}\n"u8.ToArray()));
        await using (var created = await store.CreateAsync("staging/2026/b.parquet"))
        {
            created.WriteByte(8);
        }

        Assert.Equal("{\"b\":2}\n", File.ReadAllText(Path.Combine(temp.Path, "raw", "Region=North", "b.jsonl")));
        Assert.Equal("{\"c\":3}\n", File.ReadAllText(Path.Combine(temp.Path, "raw", "Region=North", "c.jsonl")));
        Assert.Equal([8], File.ReadAllBytes(Path.Combine(temp.Path, "staging", "2026", "b.parquet")));
        Assert.False(File.Exists(Path.Combine(temp.Path, "raw", "Region=North", "a.jsonl")));
    }

    [Fact]
    public async Task Puts_replace_objects_and_leave_no_temp_files()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => store.PutAsync($"raw/p={i % 4}/o-{i % 8}.jsonl", Encoding.UTF8.GetBytes($"{{\"i\":{i}}}\n")))));
        await store.PutAsync("raw/p=0/o-0.jsonl", "{\"last\":true}\n"u8.ToArray());

        var files = Directory.GetFiles(Path.Combine(temp.Path, "raw"), "*", SearchOption.AllDirectories);
        Assert.Equal(8, files.Length);
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith('.'));
        Assert.Equal("{\"last\":true}\n", File.ReadAllText(Path.Combine(temp.Path, "raw", "p=0", "o-0.jsonl")));
    }

    [Fact]
    public async Task A_put_into_a_folder_that_cannot_exist_fails_with_an_io_error()
    {
        using var temp = new TempDirectory();
        var store = new LocalObjectStore(temp.Path);
        await store.PutAsync("raw/file", "x"u8.ToArray());

        // "raw/file" is a file, so no object can live under it.
        await Assert.ThrowsAnyAsync<IOException>(() => store.PutAsync("raw/file/a.jsonl", "x"u8.ToArray()));
    }

    [Fact]
    public async Task An_object_put_from_parts_holds_them_in_order()
    {
        // More parts than one writev call takes, some empty, some large.
        using var temp = new TempDirectory();
        IGatheredPuts store = new LocalObjectStore(temp.Path);
        var random = new Random(4);
        var parts = Enumerable.Range(0, 300).Select(i =>
        {
            var part = new byte[i % 50 == 0 ? 0 : i % 97 == 0 ? 200_000 : random.Next(1, 700)];
            random.NextBytes(part);
            return (ReadOnlyMemory<byte>)part.AsMemory();
        }).ToList();

        await store.PutAsync("raw/p=1/o.jsonl", parts);

        var expected = parts.SelectMany(p => p.ToArray()).ToArray();
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(temp.Path, "raw", "p=1", "o.jsonl")));
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, "raw", "p=1")));
    }
}
