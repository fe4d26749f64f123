using System.IO.Compression;
using System.Text.Json;
using Tributary.Generation;
using Tributary.TestSupport;

namespace Tributary.Tests.Generation;

public sealed class DataGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        var generator = new DataGenerator(MockarooSchema.Retail);

        var first = Write(generator, seed: 11, fileIndex: 0);
        var again = Write(generator, seed: 11, fileIndex: 0);
        var otherSeed = Write(generator, seed: 12, fileIndex: 0);
        var otherFile = Write(generator, seed: 11, fileIndex: 1);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        Assert.NotEqual(first, otherFile);
    }

    [Fact]
    public async Task Files_are_named_in_order_complete_and_independent_of_parallelism()
    {
        using var one = new TempDirectory();
        using var many = new TempDirectory();
        var generator = new DataGenerator(MockarooSchema.Retail);
        var request = new GenerateRequest { OutputDirectory = one.Path, RowsPerFile = 40, Files = 3, Seed = 5, MaxParallelism = 1 };

        var result = await generator.GenerateFilesAsync(request);
        await generator.GenerateFilesAsync(request with { OutputDirectory = many.Path, MaxParallelism = 3 });

        Assert.Equal(["retail-00001.json", "retail-00002.json", "retail-00003.json"], Directory.GetFiles(one.Path).Select(Path.GetFileName).Order());
        Assert.Equal(120, result.Records);
        Assert.Equal(result.Bytes, Directory.GetFiles(one.Path).Sum(f => new FileInfo(f).Length));
        foreach (var file in result.Files)
        {
            Assert.Equal(40, JsonDocument.Parse(File.ReadAllBytes(file.Path)).RootElement.GetArrayLength());
            Assert.Equal(File.ReadAllBytes(file.Path), File.ReadAllBytes(Path.Combine(many.Path, Path.GetFileName(file.Path))));
        }
    }

    [Fact]
    public async Task Gzip_json_lines_files_hold_the_same_records_as_plain_ones()
    {
        using var plain = new TempDirectory();
        using var zipped = new TempDirectory();
        var generator = new DataGenerator(MockarooSchema.Retail);
        var request = new GenerateRequest { OutputDirectory = plain.Path, RowsPerFile = 25, Seed = 9, Format = GeneratedFileFormat.JsonLines };

        await generator.GenerateFilesAsync(request);
        await generator.GenerateFilesAsync(request with { OutputDirectory = zipped.Path, Gzip = true });

        var plainBytes = File.ReadAllBytes(plain.Combine("retail-00001.jsonl"));
        using var gzip = new GZipStream(File.OpenRead(zipped.Combine("retail-00001.jsonl.gz")), CompressionMode.Decompress);
        using var unzipped = new MemoryStream();
        gzip.CopyTo(unzipped);
        Assert.Equal(plainBytes, unzipped.ToArray());
        Assert.Equal(25, plainBytes.Count(b => b == (byte)'\n'));
        Assert.Single(Directory.GetFiles(zipped.Path));
    }

    [Fact]
    public async Task Cancelling_leaves_no_partial_file()
    {
        using var folder = new TempDirectory();
        var generator = new DataGenerator(MockarooSchema.Retail);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            generator.GenerateFilesAsync(new GenerateRequest { OutputDirectory = folder.Path, RowsPerFile = 10_000, Seed = 1 }, null, cancel.Token));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Records_are_streamed_in_bounded_chunks_not_buffered_whole()
    {
        var generator = new DataGenerator(MockarooSchema.Retail);
        var sink = new WriteCountingStream();

        generator.WriteRecords(sink, 20_000, seed: 3, GeneratedFileFormat.JsonLines);

        Assert.True(sink.Length > 10_000_000, $"only {sink.Length} bytes");
        Assert.True(sink.Writes > 100, $"only {sink.Writes} writes");
        Assert.InRange(sink.LargestWrite, 1, 256 * 1024);
    }

    private static byte[] Write(DataGenerator generator, ulong seed, long fileIndex)
    {
        using var memory = new MemoryStream();
        generator.WriteRecords(memory, 200, seed, GeneratedFileFormat.Array, fileIndex);
        return memory.ToArray();
    }
}
