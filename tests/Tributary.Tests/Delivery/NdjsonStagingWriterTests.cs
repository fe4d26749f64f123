using System.Text;
using Tributary.Delivery.Internal;
using Tributary.TestSupport;

namespace Tributary.Tests.Delivery;

public sealed class NdjsonStagingWriterTests
{
    [Fact]
    public async Task Many_row_groups_keep_every_value_and_usable_statistics()
    {
        using var folder = new TempDirectory("staging");
        var path = folder.Combine("batch.parquet");
        var blobs = Enumerable.Range(0, 25).Select(i =>
        {
            var drift = i >= 20 ? $",\"late\":\"l{i}\"" : "";
            var line = $"{{\"name\":\"n{i:D2} é\",\"qty\":{i}.5,\"nested\":[],\"flag\":{(i % 2 == 0 ? "true" : "null")}{drift}," +
                $"\"_source_file\":\"source/{i % 3}.json\",\"_source_record\":{i},\"_row\":0,\"_shard\":\"shardId-1\",\"_sequence_number\":\"{i}\",\"_arrival_time\":{1732698800123 + i}}}\n";
            return (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(line);
        }).ToArray();

        await using (var output = File.Create(path))
        {
            Assert.Equal(25, StagingChunkWriter.WriteNdjson(output, blobs, CancellationToken.None, rowGroupRows: 4));
        }

        var rows = DuckDbParquet.Query($"SELECT name, qty, nested, flag, late, _source_file, _source_record, _sequence_number FROM read_parquet('{path}') ORDER BY _source_record");
        Assert.Equal(25, rows.Count);
        Assert.Equal(["n00 é", "0.5", "[]", "true", null, "source/0.json", 0L, "0"], rows[0]);
        Assert.Equal(["n21 é", "21.5", "[]", null, "l21", "source/0.json", 21L, "21"], rows[21]);
        // Rows fill chunks of one row group each: 25 rows in groups of 4.
        Assert.Equal(7L, DuckDbParquet.Query($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')")[0][0]);
        // Filters use the row-group statistics: they must describe the values that were written.
        Assert.Equal(23L, DuckDbParquet.Query($"SELECT _source_record FROM read_parquet('{path}') WHERE name = 'n23 é'")[0][0]);
        Assert.Equal(5L, DuckDbParquet.Query($"SELECT count(*) FROM read_parquet('{path}') WHERE late IS NOT NULL")[0][0]);
        Assert.Equal(8L, DuckDbParquet.Query($"SELECT count(*) FROM read_parquet('{path}') WHERE _source_file = 'source/1.json'")[0][0]);
    }

    [Fact]
    public async Task Column_names_keep_dots_slashes_spaces_and_unicode()
    {
        using var folder = new TempDirectory("staging");
        var path = folder.Combine("names.parquet");
        var line = "{\"a.b/c\":\"1\",\"ключ_ü\":\"2\",\"with space\":\"3\",\"_source_file\":null,\"_source_record\":null,\"_row\":0,\"_shard\":null,\"_sequence_number\":null,\"_arrival_time\":0}\n";

        await using (var output = File.Create(path))
        {
            StagingChunkWriter.WriteNdjson(output, [Encoding.UTF8.GetBytes(line)], CancellationToken.None);
        }

        Assert.Equal(["a.b/c", "ключ_ü", "with space"], DuckDbParquet.Describe(path).Take(3).Select(c => c.Name));
        Assert.Equal(["1", "2", "3"], DuckDbParquet.Query($"SELECT \"a.b/c\", \"ключ_ü\", \"with space\" FROM read_parquet('{path}')")[0]);
    }
    [Fact]
    public async Task A_column_first_seen_mid_group_is_null_before_and_pooled_arrays_leak_nothing_into_the_next_file()
    {
        using var folder = new TempDirectory("staging");
        static ReadOnlyMemory<byte> Row(string data, int index) => Encoding.UTF8.GetBytes(
            $"{{{data},\"_source_file\":\"f\",\"_source_record\":{index},\"_row\":0,\"_shard\":null,\"_sequence_number\":null,\"_arrival_time\":0}}\n");

        var wide = folder.Combine("wide.parquet");
        await using (var output = File.Create(wide))
        {
            var rows = Enumerable.Range(0, 3).Select(i => Row($"\"a\":\"a{i}\",\"b\":\"b{i}\",\"c\":\"c{i}\"", i)).ToArray();
            Assert.Equal(3, StagingChunkWriter.WriteNdjson(output, rows, CancellationToken.None));
        }

        var narrow = folder.Combine("narrow.parquet");
        await using (var output = File.Create(narrow))
        {
            Assert.Equal(3, StagingChunkWriter.WriteNdjson(output, [Row("\"x\":\"x0\"", 0), Row("\"x\":\"x1\",\"late\":7", 1), Row("\"late\":null", 2)], CancellationToken.None));
        }

        Assert.Equal(["x", "late"], DuckDbParquet.Describe(narrow).Take(2).Select(c => c.Name));
        var values = DuckDbParquet.Query($"SELECT x, late FROM read_parquet('{narrow}') ORDER BY _source_record");
        Assert.Equal(3, values.Count);
        Assert.Equal(["x0", null], values[0]);
        Assert.Equal(["x1", "7"], values[1]);
        Assert.Equal([null, null], values[2]);
        Assert.Equal(["a2", "b2", "c2"], DuckDbParquet.Query($"SELECT a, b, c FROM read_parquet('{wide}') WHERE _source_record = 2")[0]);
    }
}
