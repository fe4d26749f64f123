using System.Text;
using Tributary.Delivery.Internal;
using Tributary.Records;
using Tributary.TestSupport;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Tests.Delivery;

public sealed class StagingChunkWriterTests
{
    private const long Arrival = FirehoseFolder.Arrival;

    [Fact]
    public void Chunks_with_different_columns_share_row_groups_and_keep_every_value_in_order()
    {
        using var folder = new TempDirectory("chunks");
        var handler = new TransformHandler();
        using var first = new StagingChunk();
        using var second = new StagingChunk();
        using var third = new StagingChunk();
        var failures = new List<InProcessFailure>();
        Assert.Equal(1, handler.TransformInto(Records(0, 5, """ "early":"e{0}" """), first, failures));
        Assert.Equal(1, handler.TransformInto(Records(5, 3, """ "list":[1,2] """), second, failures));
        Assert.Equal(1, handler.TransformInto(Records(8, 4, """ "late":"l{0}","early":null """), third, failures));
        Assert.Empty(failures);
        var path = folder.Combine("chunks.parquet");

        using (var output = File.Create(path))
        {
            // Three chunks of 5, 6 and 4 rows with groups of at most 7 rows: 5 | 6 | 4.
            Assert.Equal(15, StagingChunkWriter.Write(output, [first, second, third], rowGroupRows: 7));
        }

        Assert.Equal(
            ["n", "early", "list", "late", "_source_file", "_source_record", "_row", "_shard", "_sequence_number", "_arrival_time"],
            DuckDbParquet.Describe(path).Select(c => c.Name));
        var rows = DuckDbParquet.Query($"SELECT n, early, list, late, _source_record, _row, epoch_ms(_arrival_time) FROM read_parquet('{path}')");
        Assert.Equal(15, rows.Count);
        Assert.Equal(["0", "e0", null, null, 0L, 0, Arrival], rows[0]);
        Assert.Equal(["5", null, "1", null, 5L, 0, Arrival + 5], rows[5]);
        Assert.Equal(["5", null, "2", null, 5L, 1, Arrival + 5], rows[6]);
        Assert.Equal(["11", null, null, "l11", 11L, 0, Arrival + 11], rows[14]);
        Assert.Equal(3L, DuckDbParquet.Query($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')")[0][0]);
        // Row-group statistics must describe what was written, or filters skip rows.
        Assert.Equal(11L, DuckDbParquet.Query($"SELECT _source_record FROM read_parquet('{path}') WHERE late = 'l11'")[0][0]);
    }

    [Fact]
    public void Metadata_columns_that_grow_with_the_stream_are_delta_encoded_and_only_integers_keep_statistics()
    {
        using var folder = new TempDirectory("encodings");
        var handler = new TransformHandler();
        using var chunk = new StagingChunk();
        var failures = new List<InProcessFailure>();
        handler.TransformInto(Records(0, 40, """ "region":"r{0}" """), chunk, failures);
        Assert.Empty(failures);
        var path = folder.Combine("encodings.parquet");
        using (var output = File.Create(path))
        {
            Assert.Equal(40, StagingChunkWriter.Write(output, [chunk]));
        }

        using (var file = new ParquetSharp.ParquetFileReader(path))
        using (var group = file.RowGroup(0))
        {
            var columns = Enumerable.Range(0, file.FileMetaData.NumColumns)
                .ToDictionary(i => file.FileMetaData.Schema.Column(i).Name, i => group.MetaData.GetColumnChunkMetaData(i));
            Assert.Contains(ParquetSharp.Encoding.DeltaByteArray, columns["_sequence_number"].Encodings);
            Assert.Contains(ParquetSharp.Encoding.DeltaBinaryPacked, columns["_source_record"].Encodings);
            Assert.Contains(ParquetSharp.Encoding.DeltaBinaryPacked, columns["_arrival_time"].Encodings);
            Assert.Null(columns["region"].Statistics);
            Assert.Null(columns["_sequence_number"].Statistics);
            Assert.NotNull(columns["_arrival_time"].Statistics);
            file.Close();
        }

        var rows = DuckDbParquet.Query($"SELECT _sequence_number, _source_record, epoch_ms(_arrival_time), region FROM read_parquet('{path}') ORDER BY _source_record");
        Assert.Equal(Enumerable.Range(0, 40).Select(i => new object?[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), (long)i, Arrival + i, "r" + i }), rows);
    }

    [Fact]
    public void A_record_that_fails_after_some_of_its_columns_leaves_no_row_and_no_column_behind()
    {
        var handler = new TransformHandler();
        using var chunk = new StagingChunk();
        var failures = new List<InProcessFailure>();
        InProcessRecord[] records =
        [
            Record(0, """{"a":"1"}"""),
            Record(1, """{"b":"x","_row":2}"""),
            Record(2, """{"a":"3"}"""),
        ];

        handler.TransformInto(records, chunk, failures);

        var failure = Assert.Single(failures);
        Assert.Equal(1, failure.Index);
        Assert.Equal(TransformErrorCodes.InvalidColumnName, failure.ErrorCode);
        Assert.StartsWith("Record 00000000000000000001: ", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(2, chunk.Count);
        Assert.Equal(["a"], chunk.Names);
        Assert.Equal(Arrival, chunk.OldestArrival);
        Assert.Equal([1, 1], chunk.Data(0).Levels(2).ToArray());
        Assert.Equal(["1", "3"], Texts(chunk.Data(0).Values));
        Assert.Equal([0L, 2L], chunk.SourceRecord.Values.ToArray());
    }

    [Fact]
    public void A_record_the_one_pass_reader_leaves_halfway_is_staged_whole_by_the_document_path()
    {
        var handler = new TransformHandler();
        using var chunk = new StagingChunk();
        var failures = new List<InProcessFailure>();
        InProcessRecord[] records =
        [
            Record(0, """{"a":"1"}"""),
            Record(1, """{"a":"2","b":"x","c":[1,2]}"""),
            Record(2, """{"d":"4"}"""),
        ];

        handler.TransformInto(records, chunk, failures);

        Assert.Empty(failures);
        Assert.Equal(4, chunk.Count);
        Assert.Equal(["a", "b", "c", "d"], chunk.Names);
        Assert.Equal(["1", "2", "2"], Texts(chunk.Data(0).Values));
        Assert.Equal([0, 1, 1, 0], chunk.Data(1).Levels(4).ToArray());
        Assert.Equal(["1", "2"], Texts(chunk.Data(2).Values));
        Assert.Equal([0, 0, 0, 1], chunk.Data(3).Levels(4).ToArray());
        Assert.Equal([0, 0, 1, 0], chunk.Row.Values.ToArray());
    }

    private static string[] Texts(ReadOnlySpan<ParquetSharp.ByteArray> values)
    {
        var texts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var bytes = new byte[values[i].Length];
            System.Runtime.InteropServices.Marshal.Copy(values[i].Pointer, bytes, 0, bytes.Length);
            texts[i] = Encoding.UTF8.GetString(bytes);
        }

        return texts;
    }

    private static InProcessRecord[] Records(int start, int count, string extra) =>
        [.. Enumerable.Range(start, count).Select(i => Record(i, "{\"n\":" + i + "," + string.Format(System.Globalization.CultureInfo.InvariantCulture, extra, i) + "}"))];

    private static InProcessRecord Record(int index, string json) => new(
        new RecordEnvelope("source/a.json", index, "shardId-1", index.ToString(System.Globalization.CultureInfo.InvariantCulture), Arrival + index, Encoding.UTF8.GetBytes(json)).ToArray(),
        Arrival,
        index);
}
