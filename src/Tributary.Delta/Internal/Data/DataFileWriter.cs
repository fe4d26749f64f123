using Parquet;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Writes one Parquet data file row group by row group, so memory stays bounded by one row group, and collects
/// its stats. Produces the <see cref="AddFile"/> when completed.
/// </summary>
internal sealed class DataFileWriter : IAsyncDisposable
{
    private readonly ParquetLayout _layout;
    private readonly StatsCollector _stats;
    private readonly Stream _stream;
    private readonly CountingStream _counter;
    private readonly ParquetWriter _writer;
    private bool _completed;

    private DataFileWriter(ParquetLayout layout, string relativePath, IReadOnlyDictionary<string, string?> partitionValues, Stream stream, CountingStream counter, ParquetWriter writer, int indexedColumns)
    {
        _layout = layout;
        RelativePath = relativePath;
        PartitionValues = partitionValues;
        _stream = stream;
        _counter = counter;
        _writer = writer;
        _stats = new StatsCollector(layout.DataSchema, indexedColumns);
    }

    /// <summary>The file path relative to the table root, not encoded.</summary>
    public string RelativePath { get; }

    public IReadOnlyDictionary<string, string?> PartitionValues { get; }

    public long RowCount => _stats.NumRecords;

    public long BytesWritten => _counter.Position;

    public static async Task<DataFileWriter> CreateAsync(
        IDeltaStorage storage,
        ParquetLayout layout,
        string relativePath,
        IReadOnlyDictionary<string, string?> partitionValues,
        ParquetOptions options,
        int indexedColumns,
        CancellationToken cancellationToken)
    {
        var stream = await storage.CreateAsync(relativePath, cancellationToken).ConfigureAwait(false);
        var counter = new CountingStream(stream);
        var writer = await ParquetWriter.CreateAsync(layout.Schema, counter, options, false, cancellationToken).ConfigureAwait(false);
        return new DataFileWriter(layout, relativePath, partitionValues, stream, counter, writer, indexedColumns);
    }

    /// <summary>Writes rows [start, start+count) of <paramref name="batch"/> (columns in data-schema order) as one row group.</summary>
    public async Task WriteRowGroupAsync(DeltaBatch batch, int start, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        using (var rowGroup = _writer.CreateRowGroup())
        {
            for (var c = 0; c < _layout.Columns.Count; c++)
            {
                await ColumnWriter.WriteAsync(rowGroup, _layout.Columns[c], batch.Columns[c], start, count, cancellationToken).ConfigureAwait(false);
            }

            rowGroup.CompleteValidate();
        }

        _stats.Add(batch, start, count);
    }

    /// <summary>Finishes the file and returns its add action (path URI-encoded as Spark writes it).</summary>
    public async Task<AddFile> CompleteAsync(TimeProvider time, bool dataChange)
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        var size = _counter.Position;
        await _stream.DisposeAsync().ConfigureAwait(false);
        _completed = true;
        return new AddFile(
            Data.PartitionValues.EncodeLogPath(RelativePath),
            PartitionValues,
            size,
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            dataChange,
            _stats.ToJson());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            // Disposed without CompleteAsync: the write failed or was cancelled, so the file must not appear.
            _completed = true;
            RenameOnDisposeStream.TryAbandon(_stream);
            try
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
