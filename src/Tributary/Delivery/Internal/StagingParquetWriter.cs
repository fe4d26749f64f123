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
    private const int DefaultRowGroupRows = 100_000;

    private static readonly DataField SourceFileField = new(StagingColumns.SourceFile, typeof(string), isNullable: true);
    private static readonly DataField SourceRecordField = new(StagingColumns.SourceRecord, typeof(long?));
    private static readonly DataField RowField = new(StagingColumns.Row, typeof(int?));
    private static readonly DataField ShardField = new(StagingColumns.Shard, typeof(string), isNullable: true);
    private static readonly DataField SequenceNumberField = new(StagingColumns.SequenceNumber, typeof(string), isNullable: true);
    private static readonly DataField ArrivalTimeField = new DateTimeDataField(
        StagingColumns.ArrivalTime, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);

    /// <summary>Writes the rows of <paramref name="blobs"/>; returns the number of rows.</summary>
    public static async Task<long> WriteAsync(
        Stream output, IReadOnlyList<ReadOnlyMemory<byte>> blobs, CancellationToken cancellationToken, int rowGroupRows = DefaultRowGroupRows)
    {
        var total = 0;
        foreach (var blob in blobs)
        {
            total += CountLines(blob.Span);
        }

        // The schema must hold every column before the first row group is written. When all rows fit in one group
        // (the usual delivery), the columns are collected while the group is filled: one pass over the rows.
        // Otherwise a first pass collects them.
        var columns = new StagingColumnSet();
        if (total > rowGroupRows)
        {
            foreach (var blob in blobs)
            {
                columns.AddColumnsOf(blob.Span);
            }
        }

        // Disposed after the writer: the writer keeps slices of the group's text until the file is finished.
        using var chunk = new StagingRowGroup(columns.Names.Count, Math.Clamp(total, 1, rowGroupRows));
        ParquetWriter? writer = null;
        DataField[] dataFields = [];
        long rows = 0;
        try
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
                    if (chunk.Count == rowGroupRows)
                    {
                        if (writer is null)
                        {
                            (writer, dataFields) = await CreateWriterAsync(output, columns, cancellationToken).ConfigureAwait(false);
                        }

                        await WriteRowGroupAsync(writer, dataFields, chunk, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (writer is null)
            {
                (writer, dataFields) = await CreateWriterAsync(output, columns, cancellationToken).ConfigureAwait(false);
            }

            if (chunk.Count > 0 || rows == 0)
            {
                await WriteRowGroupAsync(writer, dataFields, chunk, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }

        return rows;
    }

    private static async Task<(ParquetWriter Writer, DataField[] DataFields)> CreateWriterAsync(
        Stream output, StagingColumnSet columns, CancellationToken cancellationToken)
    {
        var dataFields = columns.Names.Select(name => new DataField(name, typeof(string), isNullable: true)).ToArray();
        var schema = new ParquetSchema([.. dataFields, SourceFileField, SourceRecordField, RowField, ShardField, SequenceNumberField, ArrivalTimeField]);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, DictionaryEncodingSampleSize = 1000 };
        var writer = await ParquetWriter.CreateAsync(schema, output, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (writer, dataFields);
    }

    /// <summary>The non-empty lines of a newline-delimited blob: its rows.</summary>
    private static int CountLines(ReadOnlySpan<byte> ndjson)
    {
        var lines = 0;
        while (!ndjson.IsEmpty)
        {
            var end = ndjson.IndexOf((byte)'\n');
            if (end != 0)
            {
                lines++;
            }

            ndjson = end < 0 ? [] : ndjson[(end + 1)..];
        }

        return lines;
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, DataField[] dataFields, StagingRowGroup chunk, CancellationToken cancellationToken)
    {
        var n = chunk.Count;
        using (var group = writer.CreateRowGroup())
        {
            for (var i = 0; i < dataFields.Length; i++)
            {
                await group.WriteAsync<ReadOnlyMemory<char>>(dataFields[i], chunk.Data[i].AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            }

            await group.WriteAsync<ReadOnlyMemory<char>>(SourceFileField, chunk.SourceFile.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<long>(SourceRecordField, chunk.SourceRecord.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(RowField, chunk.Row.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(ShardField, chunk.Shard.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<ReadOnlyMemory<char>>(SequenceNumberField, chunk.SequenceNumber.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<DateTime>(ArrivalTimeField, chunk.ArrivalTime.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
        }

        chunk.Clear();
    }
}
