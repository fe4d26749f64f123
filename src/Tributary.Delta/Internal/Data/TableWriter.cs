using System.Text;
using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Writes batches of table rows into data files: splits rows by partition into Hive-style directories, leaves the
/// partition columns out of the files, buffers at most about one row group per open partition, and starts a new
/// file when one reaches the target size.
/// </summary>
internal sealed class TableWriter : IAsyncDisposable
{
    private readonly IDeltaStorage _storage;
    private readonly StructType _tableSchema;
    private readonly IReadOnlyList<string> _partitionColumns;
    private readonly DataWriteSettings _settings;
    private readonly ParquetLayout _layout;
    private readonly int[] _partitionIndexes;
    private readonly int[] _dataIndexes;
    private readonly Dictionary<string, PartitionState> _partitions = new(StringComparer.Ordinal);
    private readonly List<AddFile> _added = [];

    public TableWriter(IDeltaStorage storage, StructType tableSchema, IReadOnlyList<string> partitionColumns, DataWriteSettings settings)
    {
        _storage = storage;
        _tableSchema = tableSchema;
        _partitionColumns = partitionColumns.Select(p => DeltaPredicate.Resolve(tableSchema, p).Name).ToList();
        _settings = settings;
        var partitionSet = new HashSet<string>(_partitionColumns, StringComparer.OrdinalIgnoreCase);
        _partitionIndexes = _partitionColumns.Select(p => IndexOf(tableSchema, p)).ToArray();
        _dataIndexes = Enumerable.Range(0, tableSchema.Fields.Count).Where(i => !partitionSet.Contains(tableSchema.Fields[i].Name)).ToArray();
        DataSchema = new StructType(_dataIndexes.Select(i => tableSchema.Fields[i]).ToList());
        _layout = ParquetLayout.Create(DataSchema);
    }

    public StructType DataSchema { get; }

    public long RowsWritten { get; private set; }

    /// <summary>Adds rows; the batch's columns are matched to the table schema by name (missing nullable columns are null).</summary>
    public async Task WriteAsync(DeltaBatch batch, CancellationToken cancellationToken)
    {
        if (batch.RowCount == 0)
        {
            return;
        }

        var aligned = Align(batch);
        RowsWritten += aligned.RowCount;
        if (_partitionIndexes.Length == 0)
        {
            await AppendAsync(State(string.Empty, aligned, 0), DataColumns(aligned), cancellationToken).ConfigureAwait(false);
            return;
        }

        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var key = new StringBuilder();
        for (var row = 0; row < aligned.RowCount; row++)
        {
            key.Clear();
            foreach (var index in _partitionIndexes)
            {
                var text = PartitionValues.Format(_tableSchema.Fields[index].Type, aligned.Columns[index].GetValue(row));
                key.Append(text is null ? "\u0000N" : "\u0000V" + text);
            }

            var k = key.ToString();
            if (!groups.TryGetValue(k, out var rows))
            {
                groups[k] = rows = [];
            }

            rows.Add(row);
        }

        foreach (var (k, rows) in groups)
        {
            var state = State(k, aligned, rows[0]);
            var part = rows.Count == aligned.RowCount ? aligned : aligned.Take(rows);
            await AppendAsync(state, DataColumns(part), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes every buffer, closes the files and returns their add actions.</summary>
    public async Task<IReadOnlyList<AddFile>> CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var state in _partitions.Values)
        {
            await FlushAsync(state, cancellationToken).ConfigureAwait(false);
            if (state.File is { } file)
            {
                _added.Add(await file.CompleteAsync(_settings.Time, _settings.DataChange).ConfigureAwait(false));
                state.File = null;
            }
        }

        return _added;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var state in _partitions.Values)
        {
            if (state.File is { } file)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private PartitionState State(string key, DeltaBatch aligned, int row)
    {
        if (_partitions.TryGetValue(key, out var state))
        {
            return state;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var directory = new StringBuilder();
        foreach (var index in _partitionIndexes)
        {
            var field = _tableSchema.Fields[index];
            var text = PartitionValues.Format(field.Type, aligned.Columns[index].GetValue(row));
            values[field.Name] = text;
            directory.Append(PartitionValues.DirectoryName(field.Name, text)).Append('/');
        }

        state = new PartitionState(values, directory.ToString());
        _partitions[key] = state;
        return state;
    }

    private async Task AppendAsync(PartitionState state, DeltaBatch data, CancellationToken cancellationToken)
    {
        state.Pending.Add(data);
        state.PendingRows += data.RowCount;
        if (state.PendingRows >= _settings.RowGroupRows)
        {
            await FlushAsync(state, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(PartitionState state, CancellationToken cancellationToken)
    {
        if (state.PendingRows == 0)
        {
            return;
        }

        var rows = DeltaBatch.Concat(DataSchema, state.Pending);
        state.Pending.Clear();
        state.PendingRows = 0;
        for (var start = 0; start < rows.RowCount; start += _settings.RowGroupRows)
        {
            if (state.File is null)
            {
                var path = state.Directory + "part-00000-" + Guid.NewGuid().ToString("D") + "-c000" + _settings.FileSuffix;
                state.File = await DataFileWriter.CreateAsync(_storage, _layout, path, state.Values, _settings.ParquetOptions, _settings.IndexedColumns, cancellationToken).ConfigureAwait(false);
            }

            await state.File.WriteRowGroupAsync(rows, start, Math.Min(_settings.RowGroupRows, rows.RowCount - start), cancellationToken).ConfigureAwait(false);
            if (state.File.BytesWritten >= _settings.TargetFileSize)
            {
                _added.Add(await state.File.CompleteAsync(_settings.Time, _settings.DataChange).ConfigureAwait(false));
                state.File = null;
            }
        }
    }

    private DeltaBatch Align(DeltaBatch batch)
    {
        if (batch.Schema.Equals(_tableSchema))
        {
            return batch;
        }

        var columns = new Array[_tableSchema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var field = _tableSchema.Fields[i];
            var source = batch.IndexOf(field.Name);
            if (source < 0)
            {
                if (!field.Nullable)
                {
                    throw new DeltaSchemaException($"The data has no column '{field.Name}', which the table requires (not nullable).");
                }

                columns[i] = ColumnTypes.CreateColumn(field.Type, batch.RowCount);
                continue;
            }

            var sourceField = batch.Schema.Fields[source];
            if (!SchemaEvolution.Fits(sourceField.Type, field.Type))
            {
                throw new DeltaSchemaException(
                    $"Column '{field.Name}' is {ColumnTypes.Describe(field.Type)} in the table but {ColumnTypes.Describe(sourceField.Type)} in the data; Delta does not allow this type change.");
            }

            columns[i] = batch.Columns[source];
        }

        foreach (var field in batch.Schema.Fields)
        {
            if (_tableSchema.Find(field.Name) is null)
            {
                throw new DeltaSchemaException($"The data has column '{field.Name}', which the table does not have; allow schema evolution to add it.");
            }
        }

        return new DeltaBatch(_tableSchema, columns, batch.RowCount);
    }

    private DeltaBatch DataColumns(DeltaBatch aligned)
    {
        if (_partitionIndexes.Length == 0)
        {
            return aligned;
        }

        return new DeltaBatch(DataSchema, _dataIndexes.Select(i => aligned.Columns[i]).ToArray(), aligned.RowCount);
    }

    private static int IndexOf(StructType schema, string name)
    {
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            if (string.Equals(schema.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new DeltaSchemaException($"Partition column '{name}' is not in the schema.");
    }

    private sealed class PartitionState(IReadOnlyDictionary<string, string?> values, string directory)
    {
        public IReadOnlyDictionary<string, string?> Values { get; } = values;

        public string Directory { get; } = directory;

        public List<DeltaBatch> Pending { get; } = [];

        public int PendingRows { get; set; }

        public DataFileWriter? File { get; set; }
    }
}
