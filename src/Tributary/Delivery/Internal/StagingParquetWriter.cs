using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Tributary.Staging;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Writes a batch of transformed records (newline-delimited JSON rows) as one staging Parquet file: every data column
/// an optional UTF-8 string (JSON scalars as their text, strings unquoted, nested values as compact JSON), then the
/// metadata columns. Rows are written in row groups so that memory stays bounded by the group size.
/// </summary>
internal sealed class StagingParquetWriter
{
    private const int RowGroupRows = 100_000;

    private static readonly DataField _sourceFile = new(StagingColumns.SourceFile, typeof(string), isNullable: true);
    private static readonly DataField _sourceRecord = new(StagingColumns.SourceRecord, typeof(long?));
    private static readonly DataField _row = new(StagingColumns.Row, typeof(int?));
    private static readonly DataField _shard = new(StagingColumns.Shard, typeof(string), isNullable: true);
    private static readonly DataField _sequenceNumber = new(StagingColumns.SequenceNumber, typeof(string), isNullable: true);
    private static readonly DataField _arrivalTime = new DateTimeDataField(
        StagingColumns.ArrivalTime, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);

    /// <summary>Writes the rows of <paramref name="blobs"/>; returns the number of rows.</summary>
    public static async Task<long> WriteAsync(Stream output, IReadOnlyList<ReadOnlyMemory<byte>> blobs, CancellationToken cancellationToken)
    {
        var columns = new StagingColumnSet();
        foreach (var blob in blobs)
        {
            columns.AddColumnsOf(blob.Span);
        }

        var dataFields = columns.Names.Select(name => new DataField(name, typeof(string), isNullable: true)).ToArray();
        var schema = new ParquetSchema([.. dataFields, _sourceFile, _sourceRecord, _row, _shard, _sequenceNumber, _arrivalTime]);
        var chunk = new RowChunk(dataFields.Length, RowGroupRows);
        long rows = 0;
        await using (var writer = await ParquetWriter.CreateAsync(schema, output, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var blob in blobs)
            {
                var offset = 0;
                while (offset < blob.Length)
                {
                    var end = blob.Span[offset..].IndexOf((byte)'\n');
                    var line = end < 0 ? blob[offset..] : blob.Slice(offset, end);
                    offset += end < 0 ? line.Length : end + 1;
                    if (line.IsEmpty)
                    {
                        continue;
                    }

                    chunk.Add(line.Span, columns);
                    rows++;
                    if (chunk.Count == RowGroupRows)
                    {
                        await WriteRowGroupAsync(writer, dataFields, chunk, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (chunk.Count > 0 || rows == 0)
            {
                await WriteRowGroupAsync(writer, dataFields, chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        return rows;
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, DataField[] dataFields, RowChunk chunk, CancellationToken cancellationToken)
    {
        var n = chunk.Count;
        using (var group = writer.CreateRowGroup())
        {
            for (var i = 0; i < dataFields.Length; i++)
            {
                await group.WriteAsync(dataFields[i], new ArraySegment<string>(chunk.Data[i]!, 0, n), null).ConfigureAwait(false);
            }

            await group.WriteAsync(_sourceFile, new ArraySegment<string>(chunk.SourceFile!, 0, n), null).ConfigureAwait(false);
            await group.WriteAsync<long>(_sourceRecord, chunk.SourceRecord.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(_row, chunk.Row.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(_shard, new ArraySegment<string>(chunk.Shard!, 0, n), null).ConfigureAwait(false);
            await group.WriteAsync(_sequenceNumber, new ArraySegment<string>(chunk.SequenceNumber!, 0, n), null).ConfigureAwait(false);
            await group.WriteAsync<DateTime>(_arrivalTime, chunk.ArrivalTime.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
        }

        chunk.Clear();
    }

    /// <summary>One row group's worth of column values.</summary>
    private sealed class RowChunk(int dataColumns, int capacity)
    {
        public string?[][] Data { get; } = Enumerable.Range(0, dataColumns).Select(_ => new string?[capacity]).ToArray();

        public string?[] SourceFile { get; } = new string?[capacity];

        public long?[] SourceRecord { get; } = new long?[capacity];

        public int?[] Row { get; } = new int?[capacity];

        public string?[] Shard { get; } = new string?[capacity];

        public string?[] SequenceNumber { get; } = new string?[capacity];

        public DateTime?[] ArrivalTime { get; } = new DateTime?[capacity];

        public int Count { get; private set; }

        public void Clear()
        {
            foreach (var column in Data)
            {
                Array.Clear(column, 0, Count);
            }

            Count = 0;
        }

        public void Add(ReadOnlySpan<byte> line, StagingColumnSet columns)
        {
            var row = Count++;
            SourceFile[row] = Shard[row] = SequenceNumber[row] = null;
            SourceRecord[row] = null;
            Row[row] = null;
            ArrivalTime[row] = null;
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var metadata = StagingColumnSet.MetadataColumn(ref reader);
                if (metadata >= 0)
                {
                    reader.Read();
                    ReadMetadata(ref reader, metadata, row);
                    continue;
                }

                var index = columns.IndexOf(ref reader);
                reader.Read();
                Data[index][row] = ValueText(ref reader, line);
            }
        }

        private void ReadMetadata(ref Utf8JsonReader reader, int column, int row)
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (column)
            {
                case 0:
                    SourceFile[row] = reader.GetString();
                    break;
                case 1:
                    SourceRecord[row] = isNull ? null : reader.GetInt64();
                    break;
                case 2:
                    Row[row] = isNull ? null : reader.GetInt32();
                    break;
                case 3:
                    Shard[row] = reader.GetString();
                    break;
                case 4:
                    SequenceNumber[row] = reader.GetString();
                    break;
                default:
                    ArrivalTime[row] = isNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64()).UtcDateTime;
                    break;
            }
        }

        private static string? ValueText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.StartArray:
                case JsonTokenType.StartObject:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return StagingColumnSet.Text(line[start..((int)reader.TokenStartIndex + 1)]);
                default:
                    return StagingColumnSet.Text(reader.ValueSpan);
            }
        }
    }
}
