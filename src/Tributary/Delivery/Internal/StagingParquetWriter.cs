using ParquetSharp;
using ParquetSharp.Schema;
using Tributary.Staging;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Writes a batch of transformed records (newline-delimited JSON rows) as one staging Parquet file: every data column
/// an optional UTF-8 string (JSON scalars as their text, strings unquoted, nested values as compact JSON), then the
/// metadata columns. Rows are written in row groups so that memory stays bounded by the group size.
/// </summary>
/// <remarks>
/// The file is written with ParquetSharp (the Arrow C++ Parquet writer) because it takes string values as UTF-8
/// bytes by address: the rows' text goes from the transform's output to the file without a round trip through .NET
/// strings. The Delta engine keeps Parquet.Net; both read and write the same standard files.
/// </remarks>
internal static class StagingParquetWriter
{
    private const int DefaultRowGroupRows = 100_000;

    /// <summary>Writes the rows of <paramref name="blobs"/>; returns the number of rows.</summary>
    public static Task<long> WriteAsync(
        Stream output, IReadOnlyList<ReadOnlyMemory<byte>> blobs, CancellationToken cancellationToken, int rowGroupRows = DefaultRowGroupRows)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Write(output, blobs, rowGroupRows, cancellationToken));
    }

    private static long Write(Stream output, IReadOnlyList<ReadOnlyMemory<byte>> blobs, int rowGroupRows, CancellationToken cancellationToken)
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

        using var chunk = new StagingRowGroup(columns.Names.Count, Math.Clamp(total, 1, rowGroupRows));
        ParquetFileWriter? writer = null;
        long rows = 0;
        try
        {
            foreach (var blob in blobs)
            {
                var rest = blob.Span;
                while (!rest.IsEmpty)
                {
                    var end = rest.IndexOf((byte)'\n');
                    var line = end < 0 ? rest : rest[..end];
                    rest = end < 0 ? [] : rest[(end + 1)..];
                    if (line.IsEmpty)
                    {
                        continue;
                    }

                    chunk.Add(line, columns);
                    rows++;
                    if (chunk.Count == rowGroupRows)
                    {
                        writer ??= CreateWriter(output, columns.Names, builder => DisableDictionaryWhereDistinct(builder, columns, chunk));
                        WriteRowGroup(writer, columns.Names.Count, chunk);
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }

            writer ??= CreateWriter(output, columns.Names, builder => DisableDictionaryWhereDistinct(builder, columns, chunk));
            if (chunk.Count > 0 || rows == 0)
            {
                WriteRowGroup(writer, columns.Names.Count, chunk);
            }

            writer.Close();
        }
        finally
        {
            writer?.Dispose();
        }

        return rows;
    }

    /// <summary>Opens the file with the staging schema: the data columns <paramref name="names"/>, then the metadata columns.</summary>
    internal static ParquetFileWriter CreateWriter(Stream output, IReadOnlyList<string> names, Action<WriterPropertiesBuilder> dictionaryChoices)
    {
        var nodes = new List<Node>(names.Count + StagingColumns.All.Count);
        try
        {
            foreach (var name in names)
            {
                nodes.Add(Text(name));
            }

            nodes.Add(Text(StagingColumns.SourceFile));
            nodes.Add(new PrimitiveNode(StagingColumns.SourceRecord, Repetition.Optional, LogicalType.None(), PhysicalType.Int64));
            nodes.Add(new PrimitiveNode(StagingColumns.Row, Repetition.Optional, LogicalType.None(), PhysicalType.Int32));
            nodes.Add(Text(StagingColumns.Shard));
            nodes.Add(Text(StagingColumns.SequenceNumber));
            nodes.Add(new PrimitiveNode(StagingColumns.ArrivalTime, Repetition.Optional, LogicalType.Timestamp(true, TimeUnit.Micros), PhysicalType.Int64));
            using var schema = new GroupNode("schema", Repetition.Required, nodes);
            using var builder = new WriterPropertiesBuilder().Compression(Compression.Snappy);
            dictionaryChoices(builder);
            using var properties = builder.Build();
            return new ParquetFileWriter(output, schema, properties, keyValueMetadata: null, leaveOpen: true);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    /// <summary>
    /// Turns dictionary encoding off for the columns whose first values are mostly distinct (ids, timestamps,
    /// sequence numbers): the dictionary would not pay for itself, and hashing every value costs more than
    /// compressing it plainly.
    /// </summary>
    private static void DisableDictionaryWhereDistinct(WriterPropertiesBuilder builder, StagingColumnSet columns, StagingRowGroup first)
    {
        for (var i = 0; i < columns.Names.Count; i++)
        {
            if (DictionarySample.IsMostlyDistinct(first.Data[i].Values))
            {
                builder.DisableDictionary(columns.Names[i]);
            }
        }

        if (DictionarySample.IsMostlyDistinct(first.SequenceNumber.Values))
        {
            builder.DisableDictionary(StagingColumns.SequenceNumber);
        }

        if (DictionarySample.IsMostlyDistinct(first.SourceRecord.Values))
        {
            builder.DisableDictionary(StagingColumns.SourceRecord);
        }

        if (DictionarySample.IsMostlyDistinct(first.ArrivalTime.Values))
        {
            builder.DisableDictionary(StagingColumns.ArrivalTime);
        }
    }

    private static PrimitiveNode Text(string name) => new(name, Repetition.Optional, LogicalType.String(), PhysicalType.ByteArray);

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

    private static void WriteRowGroup(ParquetFileWriter writer, int dataColumns, StagingRowGroup chunk)
    {
        var n = chunk.Count;
        using (var group = writer.AppendRowGroup())
        {
            for (var i = 0; i < dataColumns; i++)
            {
                WriteColumn(group, chunk.Data[i], n);
            }

            WriteColumn(group, chunk.SourceFile, n);
            WriteColumn(group, chunk.SourceRecord, n);
            WriteColumn(group, chunk.Row, n);
            WriteColumn(group, chunk.Shard, n);
            WriteColumn(group, chunk.SequenceNumber, n);
            WriteColumn(group, chunk.ArrivalTime, n);
        }

        chunk.Clear();
    }

    private static void WriteColumn<T>(RowGroupWriter group, OptionalColumn<T> column, int rows)
        where T : unmanaged
    {
        using var writer = (ColumnWriter<T>)group.NextColumn();
        writer.WriteBatch(rows, column.Levels(rows), default, column.Values);
    }
}
